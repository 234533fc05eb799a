package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.Podman;
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
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code depends_on} conditions hold across nodes: a dependant placed on one node is not created
 * until its dependency on the other node is healthy (or has completed), and says what it waits for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossNodeDependsOnIT {
  private static final String IMAGE = "localhost/banyan-busybox:latest";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOOP =
      "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]\n"
          + "    stop_grace_period: 2s\n";

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private TestCluster cluster;
  private Path appDir;
  private String dbNode;
  private String webNode;

  @BeforeAll
  void startCluster() throws IOException {
    cluster = TestCluster.start("depends-on", 2);
    appDir = Files.createTempDirectory("banyan-e2e-depends-on");
    dbNode = cluster.nodeNames().get(0);
    webNode = cluster.nodeNames().get(1);
  }

  @AfterAll
  void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    TempDirs.delete(appDir);
  }

  private static String pinned(String node) {
    return "    deploy:\n      placement:\n        constraints: [\"node.hostname == "
        + node
        + "\"]\n";
  }

  private void deploy(String name, String services) throws IOException {
    Path dir = Files.createDirectories(appDir.resolve(name));
    Files.writeString(dir.resolve("banyan.yaml"), "name: " + name + "\nservices:\n" + services);
    ProcessResult r = cluster.cliIn(dir, "deploy", "--detach");
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
  }

  private TaskRows tasks(String name) {
    ProcessResult r = cluster.cli("ps", name, "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return TaskRows.parse(r.stdout());
  }

  /**
   * The status message of a service's first task, as {@code banyan-cli status -o json} shows it.
   */
  private String statusMessage(String name, String service) throws IOException {
    ProcessResult r = cluster.cli("status", name, "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    for (JsonNode deployment : JSON.readTree(r.stdout())) {
      for (JsonNode s : deployment.path("services")) {
        if (s.path("name").asText().equals(service)) {
          return s.path("tasks").path(0).path("status").path("message").asText();
        }
      }
    }
    return "";
  }

  private static List<Podman.Container> containers(String name, String service) {
    return Podman.containers("banyan.deployment", name).stream()
        .filter(c -> c.label("banyan.service").equals(service))
        .toList();
  }

  private static Optional<TaskRows.Row> row(TaskRows rows, String service) {
    return rows.ofService(service).stream().findFirst();
  }

  @Test
  void aDependantWaitsForItsDependencyOnAnotherNodeToBeHealthy() throws IOException {
    String name = "deps-healthy-" + run;
    deploy(
        name,
        "  db:\n    image: "
            + IMAGE
            + "\n"
            + LOOP
            + "    healthcheck:\n"
            + "      test: [\"CMD\", \"test\", \"-f\", \"/tmp/ready\"]\n"
            + "      interval: 1s\n      timeout: 1s\n      retries: 1000\n"
            + pinned(dbNode)
            + "  web:\n    image: "
            + IMAGE
            + "\n"
            + LOOP
            + "    depends_on:\n      db:\n        condition: service_healthy\n"
            + pinned(webNode));

    Awaitility.await("db running on " + dbNode + ", web waiting on " + webNode)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              TaskRows rows = tasks(name);
              assertThat(row(rows, "db"))
                  .hasValueSatisfying(
                      db -> {
                        assertThat(db.node()).isEqualTo(dbNode);
                        assertThat(db.running()).isTrue();
                      });
              assertThat(row(rows, "web"))
                  .hasValueSatisfying(
                      web -> {
                        assertThat(web.node()).isEqualTo(webNode);
                        assertThat(web.state()).isEqualTo("TASK_STATE_STARTING");
                      });
              assertThat(statusMessage(name, "web"))
                  .isEqualTo("waiting for db to be healthy (on " + dbNode + ")");
            });
    // db runs but is not healthy: web must stay uncreated, not merely be late.
    Awaitility.await("web not created while db is unhealthy")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> containers(name, "web").isEmpty());
    assertThat(row(tasks(name), "web").orElseThrow().state()).isEqualTo("TASK_STATE_STARTING");

    Podman.Container db = containers(name, "db").get(0);
    ProcessResult touch =
        Binaries.exec(List.of("podman", "exec", db.id(), "touch", "/tmp/ready"), Map.of(), null);
    assertThat(touch.exitCode()).as(touch.describe()).isZero();

    Awaitility.await("web RUNNING on " + webNode + " once db is healthy")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              TaskRows rows = tasks(name);
              assertThat(row(rows, "db").orElseThrow().health()).isEqualTo("HEALTH_HEALTHY");
              assertThat(row(rows, "web").orElseThrow().running())
                  .as(cluster::diagnostics)
                  .isTrue();
            });
    assertThat(containers(name, "web"))
        .singleElement()
        .satisfies(c -> assertThat(c.label("banyan.node")).isEqualTo(webNode));
  }

  @Test
  void aDependantWaitsForAJobOnAnotherNodeToCompleteSuccessfully() throws IOException {
    String name = "deps-job-" + run;
    deploy(
        name,
        "  migrate:\n    image: "
            + IMAGE
            + "\n    command: [\"sh\", \"-c\", \"while [ ! -f /tmp/go ]; do sleep 0.2; done\"]\n"
            + "    restart: \"no\"\n"
            + pinned(dbNode)
            + "  app:\n    image: "
            + IMAGE
            + "\n"
            + LOOP
            + "    depends_on:\n      migrate:\n        condition: service_completed_successfully\n"
            + pinned(webNode));

    Awaitility.await("app waiting for the running job")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(row(tasks(name), "migrate").orElseThrow().running()).isTrue();
              assertThat(statusMessage(name, "app"))
                  .isEqualTo("waiting for migrate to complete successfully (on " + dbNode + ")");
            });
    assertThat(containers(name, "app")).isEmpty();

    Podman.Container job = containers(name, "migrate").get(0);
    ProcessResult touch =
        Binaries.exec(List.of("podman", "exec", job.id(), "touch", "/tmp/go"), Map.of(), null);
    assertThat(touch.exitCode()).as(touch.describe()).isZero();

    Awaitility.await("app RUNNING once the job completed")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              TaskRows rows = tasks(name);
              assertThat(row(rows, "migrate").orElseThrow().state())
                  .isEqualTo("TASK_STATE_COMPLETE");
              assertThat(row(rows, "app").orElseThrow().running())
                  .as(cluster::diagnostics)
                  .isTrue();
            });
  }
}
