package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ManagedProcess;
import dev.banyan.e2e.support.Manifests;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TaskRows;
import dev.banyan.e2e.support.TempDirs;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two engines on one etcd, as an operator runs them for availability: either answers the CLI, and
 * when one is killed the CLI and the agents carry on with the other, the containers keep running
 * and new deploys work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiEngineIT {
  private final String name = "ha-" + UUID.randomUUID().toString().substring(0, 6);
  private TestCluster cluster;
  private Path appDir;
  private List<String> containerIdsBefore;

  @BeforeAll
  void startCluster() throws IOException {
    cluster = TestCluster.startWithTwoEngines("multi-engine", 2);
    appDir = Files.createTempDirectory("banyan-e2e-ha");
  }

  @AfterAll
  void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    TempDirs.delete(appDir);
  }

  private ProcessResult deploy(int replicas) throws IOException {
    Files.writeString(appDir.resolve("banyan.yaml"), Manifests.idleApp(name, replicas));
    return cluster.cliIn(appDir, "deploy");
  }

  private TaskRows tasks() {
    ProcessResult r = cluster.cli("ps", name, "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return TaskRows.parse(r.stdout());
  }

  /** The CLI pointed at one engine only. */
  private ProcessResult cliAt(String address, String... args) {
    return cluster.cliWith(
        Map.of("BANYAN_ENGINE", address, "BANYAN_CONFIG", cluster.configFile().toString()), args);
  }

  @Test
  @Order(1)
  void eitherEngineAnswersForTheSameCluster() throws IOException {
    ProcessResult deployed = deploy(2);
    assertThat(deployed.exitCode()).as(deployed.describe() + cluster.diagnostics()).isZero();
    containerIdsBefore = tasks().wanted().stream().map(TaskRows.Row::containerId).toList();
    assertThat(containerIdsBefore).hasSize(2).doesNotContain("");

    String first = cluster.engineAddresses().split(",")[0];
    String second = cluster.engineAddresses().split(",")[1];
    for (String engine : List.of(first, second)) {
      ProcessResult status = cliAt(engine, "status", name);
      assertThat(status.exitCode()).as(engine + ": " + status.describe()).isZero();
      assertThat(status.stdout().lines().anyMatch(l -> l.matches("app\\s+2/2\\s.*")))
          .as(engine + ":\n" + status.stdout())
          .isTrue();
    }
  }

  @Test
  @Order(2)
  void killingTheLeadingEngineLosesNothing() throws IOException {
    cluster.engine().kill(); // the leader: TestCluster starts the standby once it leads

    // Agents move to the other engine and stay READY; their containers are untouched.
    Awaitility.await("both nodes READY through the remaining engine")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              ProcessResult nodes = cluster.cli("nodes");
              assertThat(nodes.exitCode()).as(nodes.describe()).isZero();
              assertThat(nodes.stdout().lines().filter(l -> l.contains(" READY ")).count())
                  .as(nodes.stdout())
                  .isEqualTo(2);
            });
    assertThat(tasks().wanted().stream().map(TaskRows.Row::containerId).toList())
        .containsExactlyInAnyOrderElementsOf(containerIdsBefore);

    // The remaining engine takes over the controllers: a scale-up is scheduled and started.
    ProcessResult scaled = deploy(3);
    assertThat(scaled.exitCode()).as(scaled.describe() + cluster.diagnostics()).isZero();
    Awaitility.await("three replicas RUNNING")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(tasks().allRunning(3)).as(cluster::diagnostics).isTrue());
    assertThat(tasks().wanted().stream().map(TaskRows.Row::containerId).toList())
        .containsAll(containerIdsBefore);
    assertThat(cluster.standbyEngine().tail(Integer.MAX_VALUE))
        .contains("now runs the controllers");
  }

  @Test
  @Order(3)
  void aDeployFollowsItsRolloutThroughTheOtherEngineWhenItsEngineDies() throws IOException {
    // The engine killed above comes back as the standby; the CLI tries it first.
    cluster.engine().start();
    String first = cluster.engineAddresses().split(",")[0];
    Awaitility.await("the restarted engine answers")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cliAt(first, "nodes").exitCode() == 0);

    // Healthy 6 s after it starts, so that the deploy is still following when its engine dies.
    String slow = name + "-slow";
    Path dir = Files.createDirectories(appDir.resolve("slow"));
    Files.writeString(
        dir.resolve("banyan.yaml"),
        "name: "
            + slow
            + "\nservices:\n  web:\n    image: localhost/banyan-busybox:latest\n"
            + "    command: [\"sh\", \"-c\", \"sleep 6; touch /tmp/ok; exec sleep 3600\"]\n"
            + "    init: true\n    stop_grace_period: 1s\n"
            + "    healthcheck:\n      test: [\"CMD\", \"test\", \"-f\", \"/tmp/ok\"]\n"
            + "      interval: 1s\n      retries: 60\n");
    try (ManagedProcess deploy =
        new ManagedProcess(
            "deploy-slow",
            List.of(
                Binaries.wrapper("banyan-cli").toString(),
                "deploy",
                "-f",
                dir.resolve("banyan.yaml").toString()),
            cluster.cliEnvironment(),
            dir)) {
      deploy.start();
      Awaitility.await("the rollout is being followed")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> deploy.tail(50).contains("(health: starting)"));
      cluster.engine().kill();

      Awaitility.await("the deploy ends")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !deploy.isAlive());
      assertThat(deploy.exitCode()).as(deploy.tail(50)).hasValue(0);
      assertThat(deploy.tail(50))
          .contains("web.1 RUNNING (health: healthy)")
          .contains("Deployment " + slow + " is running");
    }
  }
}
