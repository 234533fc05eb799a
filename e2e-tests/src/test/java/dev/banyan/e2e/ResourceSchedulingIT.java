package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.Podman;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TaskRows;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Resource-aware scheduling with real processes: two agents declaring different capacities, a
 * deployment too large for them rejected with the shortfall and nothing changed, replicas spread,
 * and limits applied to the containers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceSchedulingIT {
  private static final String LOOP =
      "[\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private TestCluster cluster;
  private Path appDir;

  @BeforeAll
  void startCluster() throws IOException {
    // Allocatable: 2 CPUs and 1.75 GiB on the first node, 4 CPUs and 3.75 GiB on the second.
    cluster =
        TestCluster.startWithAgentArgs(
            "resources",
            List.of(
                List.of("--capacity-cpus", "2", "--capacity-memory", "2g"),
                List.of("--capacity-cpus", "4", "--capacity-memory", "4g")));
    appDir = Files.createTempDirectory("banyan-e2e-resources");
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Path manifest(String name, String service, int replicas, String resources)
      throws IOException {
    Path file = appDir.resolve(name + ".yaml");
    Files.writeString(
        file,
        "name: "
            + name
            + "\nservices:\n  "
            + service
            + ":\n    image: localhost/banyan-busybox:latest\n    command: "
            + LOOP
            + "\n    stop_grace_period: 2s\n    deploy:\n      replicas: "
            + replicas
            + "\n      resources:\n"
            + resources);
    return file;
  }

  @Test
  @Order(1)
  void aDeploymentLargerThanTheClusterIsRejectedAndChangesNothing() throws IOException {
    String name = "big-" + id;
    Path file = manifest(name, "crunch", 4, "        reservations:\n          cpus: '2'\n");
    ProcessResult before = cluster.cli("deployments");

    ProcessResult plan = cluster.cli("plan", "-f", file.toString());
    ProcessResult deploy = cluster.cli("deploy", "-f", file.toString());

    String expected =
        "deployment '"
            + name
            + "' does not fit: it needs 8 CPUs; the cluster has 6 allocatable (2 + 4); lower"
            + " its resource requests or add nodes";
    assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(1);
    assertThat(plan.stderr()).contains(expected);
    assertThat(deploy.exitCode()).as(deploy.describe()).isEqualTo(1);
    assertThat(deploy.stderr().strip()).isEqualTo("error: " + expected);
    assertThat(cluster.cli("deployments").stdout()).isEqualTo(before.stdout());
    assertThat(Podman.containers("banyan.deployment", name)).isEmpty();
  }

  @Test
  @Order(2)
  void planShowsPlacementsThenDeploySpreadsReplicasWithTheirLimits() throws IOException {
    String name = "web-" + id;
    Path file =
        manifest(name, "web", 2, "        limits:\n          cpus: '0.5'\n          memory: 64m\n");

    ProcessResult plan = cluster.cli("plan", "-f", file.toString());
    assertThat(plan.exitCode()).as(plan.describe()).isZero();
    assertThat(plan.stdout()).contains("web: created (2 replicas)");
    for (String node : cluster.nodeNames()) {
      assertThat(plan.stdout()).contains(node);
    }
    assertThat(cluster.cli("deployments").stdout()).doesNotContain(name);

    ProcessResult deploy = cluster.cli("deploy", "-f", file.toString());
    assertThat(deploy.exitCode()).as(deploy.describe() + cluster.diagnostics()).isZero();

    Awaitility.await("both replicas RUNNING")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              ProcessResult ps = cluster.cli("ps", name, "-o", "json");
              assertThat(TaskRows.parse(ps.stdout()).allRunning(2)).isTrue();
            });
    List<Podman.Container> containers = Podman.containers("banyan.deployment", name);
    Set<String> nodes =
        containers.stream().map(c -> c.label("banyan.node")).collect(Collectors.toSet());
    assertThat(nodes)
        .as("replicas spread")
        .containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
    for (Podman.Container c : containers) {
      JsonNode host = inspect(c.id()).path("HostConfig");
      assertThat(host.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
      assertThat(host.path("Memory").asLong()).isEqualTo(64L << 20);
    }

    // Each node shows what its replica requests (the limits, as no reservation is given) of what
    // it can allocate: 2 CPUs and 1.75 GiB, 4 CPUs and 3.75 GiB.
    ProcessResult nodesTable = cluster.cli("nodes");
    assertThat(nodesTable.exitCode()).as(nodesTable.describe()).isZero();
    assertThat(nodesTable.stdout())
        .contains("CPU", "MEMORY", "SUBNET")
        .containsPattern("0\\.50/2\\.0\\s+64M/1\\.8G")
        .containsPattern("0\\.50/4\\.0\\s+64M/3\\.8G");
  }

  private static JsonNode inspect(String container) throws IOException {
    ProcessResult r = Binaries.exec(List.of("podman", "inspect", container), Map.of(), null);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return JSON.readTree(r.stdout()).path(0);
  }
}
