package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Manifests;
import dev.banyan.e2e.support.Podman;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TaskRows;
import dev.banyan.e2e.support.TempDirs;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Draining a node as an operator does it before maintenance: its tasks move to the other node and
 * nothing new lands on it until it is activated again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrainIT {
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private TestCluster cluster;
  private Path appDir;
  private String kept;
  private String drained;

  @BeforeAll
  void startCluster() throws IOException {
    cluster = TestCluster.start("drain", 2);
    appDir = Files.createTempDirectory("banyan-e2e-drain");
    kept = cluster.nodeNames().get(0);
    drained = cluster.nodeNames().get(1);
  }

  @AfterAll
  void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    TempDirs.delete(appDir);
  }

  private ProcessResult deploy(String name, int replicas) throws IOException {
    Path dir = Files.createDirectories(appDir.resolve(name));
    Files.writeString(dir.resolve("banyan.yaml"), Manifests.idleApp(name, replicas));
    return cluster.cliIn(dir, "deploy");
  }

  private TaskRows tasks(String name) {
    ProcessResult r = cluster.cli("ps", name, "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return TaskRows.parse(r.stdout());
  }

  private String nodesTable() {
    return cluster.cli("nodes").stdout();
  }

  @Test
  @Order(1)
  void drainingANodeMovesItsTasksToTheOther() throws IOException {
    String name = "drain-a-" + run;
    ProcessResult r = deploy(name, 4);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    assertThat(tasks(name).wanted()).anyMatch(row -> row.node().equals(drained));

    ProcessResult drain = cluster.cli("nodes", "drain", drained);
    assertThat(drain.exitCode()).as(drain.describe()).isZero();
    assertThat(drain.stdout()).contains("Node " + drained + " is now drained.");

    Awaitility.await("every task RUNNING on " + kept)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              TaskRows rows = tasks(name);
              assertThat(rows.allRunning(4)).as(cluster::diagnostics).isTrue();
              assertThat(rows.wanted()).allMatch(row -> row.node().equals(kept));
            });
    Awaitility.await("the drained node's containers removed")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Podman.containers("banyan.node", drained).isEmpty());
    assertThat(nodesTable()).containsPattern(drained + "\\s+\\S+\\s+READY\\s+DRAIN");
  }

  @Test
  @Order(2)
  void nothingNewLandsOnADrainedNode() throws IOException {
    String name = "drain-b-" + run;
    ProcessResult r = deploy(name, 3);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    TaskRows rows = tasks(name);
    assertThat(rows.allRunning(3)).isTrue();
    assertThat(rows.wanted()).allMatch(row -> row.node().equals(kept));
    assertThat(Podman.containers("banyan.node", drained)).isEmpty();
  }

  @Test
  @Order(3)
  void anActivatedNodeTakesNewTasksAgain() throws IOException {
    ProcessResult activate = cluster.cli("nodes", "activate", drained);
    assertThat(activate.exitCode()).as(activate.describe()).isZero();
    assertThat(activate.stdout()).contains("Node " + drained + " is now active.");
    assertThat(nodesTable()).containsPattern(drained + "\\s+\\S+\\s+READY\\s+ACTIVE");

    String name = "drain-c-" + run;
    ProcessResult r = deploy(name, 2);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    assertThat(tasks(name).wanted()).anyMatch(row -> row.node().equals(drained));
    assertThat(Podman.containers("banyan.node", drained))
        .isNotEmpty()
        .allMatch(c -> c.state().equals("running"));
  }
}
