package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Podman;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TaskRows;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Milestone 1 as an operator lives it, with real processes and real containers: deploy across two
 * agents, redeploy, change, shrink, lose a node, restart every component, tear down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoreOrchestrationIT {
  private static final String LOOP =
      "[\"sh\", \"-c\", \"trap 'exit 0' TERM; echo started %s; while true; do sleep 1; done\"]";

  private final String name = "core-" + UUID.randomUUID().toString().substring(0, 6);
  private TestCluster cluster;
  private Path appDir;

  @BeforeAll
  void startCluster() throws IOException {
    cluster = TestCluster.start("core", 2);
    appDir = Files.createTempDirectory("banyan-e2e-app");
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private String manifest(Map<String, String> commands) {
    StringBuilder yaml = new StringBuilder("name: " + name + "\nservices:\n");
    commands.forEach(
        (service, word) ->
            yaml.append("  ")
                .append(service)
                .append(":\n    image: localhost/banyan-busybox:latest\n    command: ")
                .append(String.format(LOOP, word))
                .append("\n    stop_grace_period: 2s\n    deploy:\n      replicas: 2\n"));
    return yaml.toString();
  }

  private ProcessResult deploy(Map<String, String> commands) throws IOException {
    Files.writeString(appDir.resolve("banyan.yaml"), manifest(commands));
    return cluster.cliIn(appDir, "deploy");
  }

  private TaskRows tasks() {
    ProcessResult r = cluster.cli("ps", name, "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return TaskRows.parse(r.stdout());
  }

  private Map<String, String> containerIdsByTask() {
    return Podman.containers("banyan.deployment", name).stream()
        .collect(Collectors.toMap(c -> c.label("banyan.task"), Podman.Container::id));
  }

  private void awaitRunning(int expected, Duration within) {
    Awaitility.await("all " + expected + " tasks RUNNING")
        .atMost(within)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> assertThat(tasks().allRunning(expected)).as(cluster::diagnostics).isTrue());
  }

  private static final Map<String, String> THREE =
      new java.util.TreeMap<>(Map.of("api", "api-v1", "web", "web-v1", "worker", "worker-v1"));

  @Test
  @Order(1)
  void deploySpreadsThreeServicesOverTwoAgents() throws IOException {
    ProcessResult r = deploy(THREE);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    assertThat(r.stdout()).contains("is running (6 tasks)");

    TaskRows rows = tasks();
    assertThat(rows.allRunning(6)).isTrue();
    for (String service : THREE.keySet()) {
      Set<String> nodes =
          rows.ofService(service).stream().map(TaskRows.Row::node).collect(Collectors.toSet());
      assertThat(nodes).as("replicas of %s spread", service).hasSize(2);
    }
    assertThat(Podman.containers("banyan.deployment", name))
        .hasSize(6)
        .allMatch(c -> c.state().equals("running"));
  }

  @Test
  @Order(2)
  void redeployingAnUnchangedFileRestartsNothing() throws IOException {
    Map<String, String> before = containerIdsByTask();
    ProcessResult r = deploy(THREE);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("api: unchanged").contains("web: unchanged");
    assertThat(containerIdsByTask()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void changingOneServiceReplacesOnlyIt() throws IOException {
    Map<String, String> before = containerIdsByTask();
    Map<String, String> changed = new java.util.TreeMap<>(THREE);
    changed.put("web", "web-v2");
    ProcessResult r = deploy(changed);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();

    Awaitility.await("old web containers gone")
        .atMost(Duration.ofSeconds(60))
        .until(() -> containerIdsByTask().size() == 6);
    Map<String, String> after = containerIdsByTask();
    TaskRows rows = tasks();
    for (TaskRows.Row row : rows.wanted()) {
      if (row.service().equals("web")) {
        assertThat(before).doesNotContainKey(row.id());
      } else {
        assertThat(after.get(row.id())).isEqualTo(before.get(row.id()));
      }
    }
  }

  @Test
  @Order(4)
  void removingAServiceFromTheFileRemovesItsContainers() throws IOException {
    Map<String, String> two = new java.util.TreeMap<>(Map.of("api", "api-v1", "web", "web-v2"));
    ProcessResult r = deploy(two);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("worker: removed");
    Awaitility.await("worker containers removed")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Podman.containers("banyan.deployment", name).stream()
                    .noneMatch(c -> c.label("banyan.service").equals("worker")));
    awaitRunning(4, Duration.ofSeconds(30));
  }

  @Test
  @Order(5)
  void killedAgentsTasksMoveToTheOtherNode() {
    String lost = cluster.nodeNames().get(1);
    String survivor = cluster.nodeNames().get(0);
    cluster.agent(1).kill();
    // A deadline, not the target: bench/failover measures how fast this happens.
    Awaitility.await("tasks of the killed node RUNNING elsewhere")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              TaskRows rows = tasks();
              assertThat(rows.allRunning(4)).as(cluster::diagnostics).isTrue();
              assertThat(rows.wanted()).allMatch(row -> row.node().equals(survivor));
            });
    assertThat(lost).isNotEqualTo(survivor);
  }

  @Test
  @Order(6)
  void restartedAgentLeavesNoDuplicates() {
    String returning = cluster.nodeNames().get(1);
    cluster.agent(1).start();
    cluster.awaitNodesReady(2);
    Awaitility.await("stale containers of the returning node removed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> Podman.containers("banyan.node", returning).isEmpty());
    TaskRows rows = tasks();
    assertThat(rows.allRunning(4)).isTrue();
    Map<String, Long> perSlot =
        Podman.containers("banyan.deployment", name).stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.label("banyan.service") + "." + c.label("banyan.replica"),
                    Collectors.counting()));
    assertThat(perSlot).hasSize(4).allSatisfy((slot, count) -> assertThat(count).isEqualTo(1));
  }

  @Test
  @Order(7)
  void restartingTheEngineRestartsNoContainer() {
    Map<String, String> before = containerIdsByTask();
    cluster.engine().stop();
    cluster.engine().start();
    cluster.awaitNodesReady(2);
    awaitRunning(4, Duration.ofSeconds(30));
    assertThat(containerIdsByTask()).isEqualTo(before);
  }

  @Test
  @Order(8)
  void restartingEtcdNeedsNoManualAction() throws IOException {
    cluster.etcd().kill();
    cluster.etcd().start();
    Map<String, String> three = new java.util.TreeMap<>(THREE);
    three.put("web", "web-v2");
    Awaitility.await("engine usable again after etcd restart")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> cluster.cli("deployments").exitCode() == 0);
    ProcessResult r = deploy(three);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    awaitRunning(6, Duration.ofSeconds(60));
  }

  @Test
  @Order(9)
  void downLeavesNothingBehind() {
    ProcessResult r = cluster.cli("down", name);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    assertThat(r.stdout()).contains("Deployment " + name + " removed");
    assertThat(Podman.containers("banyan.deployment", name)).isEmpty();
    ProcessResult list = cluster.cli("deployments");
    assertThat(list.stdout()).doesNotContain(name);
  }
}
