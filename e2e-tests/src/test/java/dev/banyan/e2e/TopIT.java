package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code banyan-cli top} as an operator uses it: the real binary in a real terminal (tmux, 120×40)
 * against a running cluster; rows appear, keys move the selection and open logs, q exits cleanly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopIT {
  private static final String LOOP =
      "[\"sh\", \"-c\", \"trap 'exit 0' TERM; echo hello from %s; while true; do sleep 1; done\"]";

  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private final String name = "top-" + id;
  private final String socket = "banyan-e2e-top-" + id;
  private TestCluster cluster;
  private Path appDir;

  @BeforeAll
  void startClusterAndDeploy() throws IOException {
    cluster = TestCluster.start("top", 1);
    appDir = Files.createTempDirectory("banyan-e2e-top");
    String yaml = "name: " + name + "\nservices:\n" + service("api", 1) + service("web", 2);
    Files.writeString(appDir.resolve("banyan.yaml"), yaml);
    ProcessResult r = cluster.cliIn(appDir, "deploy");
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
  }

  private static String service(String service, int replicas) {
    return "  "
        + service
        + ":\n    image: localhost/banyan-busybox:latest\n    command: "
        + String.format(LOOP, service)
        + "\n    stop_grace_period: 2s\n    deploy:\n      replicas: "
        + replicas
        + "\n";
  }

  @AfterAll
  void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    if (appDir != null) {
      Files.deleteIfExists(appDir.resolve("banyan.yaml"));
      Files.deleteIfExists(appDir);
    }
  }

  private ProcessResult tmux(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    return Binaries.exec(command, Map.of(), null);
  }

  private String screen() {
    return tmux("capture-pane", "-p", "-t", name).stdout();
  }

  /** The screen's containers pane: the lines after its title. */
  private static String containersPane(String screen) {
    int at = screen.indexOf("CONTAINERS");
    return at < 0 ? "" : screen.substring(at);
  }

  private void awaitScreen(String what, java.util.function.Predicate<String> condition) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              String s = screen();
              assertThat(condition.test(s)).as(what + " on screen:\n" + s).isTrue();
            });
  }

  @Test
  void liveViewShowsServicesFollowsKeysAndQuitsCleanly() {
    String run =
        "env BANYAN_ENGINE="
            + cluster.engineAddress()
            + " BANYAN_CONFIG="
            + cluster.configFile()
            + " LANG=C.UTF-8 TERM=xterm-256color "
            + Binaries.wrapper("banyan-cli")
            + " top; echo TOP-EXITED=$?; sleep 120";
    // An explicit working directory: the tmux client runs from a temporary one that is deleted.
    ProcessResult started =
        tmux(
            "new-session", "-d", "-x", "120", "-y", "40", "-s", name, "-c", appDir.toString(), run);
    assertThat(started.exitCode()).as(started.describe()).isZero();
    try {
      awaitScreen(
          "both services running, api's containers listed",
          s ->
              s.contains(name + "/api")
                  && s.contains(name + "/web")
                  && s.contains("nodes 1/1 ready")
                  && s.contains("tasks 3/3 running")
                  && containersPane(s).contains("api.1")
                  && containersPane(s).contains("RUNNING"));
      String first = screen();
      assertThat(first).contains("> " + name + "/api").contains("q quit  j/k move");
      assertThat(containersPane(first)).doesNotContain("web.1");

      tmux("send-keys", "-t", name, "j");
      tmux("send-keys", "-t", name, "Enter");
      awaitScreen(
          "web's containers after j, Enter",
          s ->
              s.contains("> " + name + "/web")
                  && containersPane(s).contains("> web.1")
                  && containersPane(s).contains("web.2")
                  && !containersPane(s).contains("api.1"));

      tmux("send-keys", "-t", name, "l");
      awaitScreen(
          "web.1's log line",
          s -> s.contains("LOGS " + name + "/web.1") && s.contains("hello from web"));

      tmux("send-keys", "-t", name, "q");
      awaitScreen("top exited with 0", s -> s.contains("TOP-EXITED=0"));
      assertThat(screen()).doesNotContain("Exception");
    } finally {
      tmux("kill-server");
    }
  }

  @Test
  void onceSnapshotIsPlainText() {
    ProcessResult r = cluster.cli("top", "--once", name);
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout())
        .contains(name + "/api")
        .contains(name + "/web.2")
        .contains("RUNNING")
        .doesNotContain("\u001b");
  }

  @Test
  void onceSnapshotShowsEachContainersCpuAndMemoryFromTheAgentsMetrics() {
    // Agents sample every 5 s and ship samples with heartbeats; the engine's GetMetrics serves
    // them.
    Awaitility.await("web.1 has CPU and memory figures in top --once")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              ProcessResult r = cluster.cli("top", "--once", name);
              assertThat(r.exitCode()).as(r.describe()).isZero();
              assertThat(r.stdout()).doesNotContain("note: ");
              String row =
                  r.stdout()
                      .lines()
                      .filter(l -> l.startsWith(name + "/web.1 "))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError("no web.1 row in\n" + r.stdout()));
              // CONTAINER NODE STATE HEALTH CPU MEM RESTARTS UPTIME
              String[] columns = row.trim().split("\\s+");
              assertThat(columns[4]).as("CPU of " + row).matches("\\d+(\\.\\d+)?");
              assertThat(columns[5]).as("MEM of " + row).matches("[1-9][0-9.]*[BKMG]");
            });
  }

  @Test
  void aWrongPasswordIsOneSentenceNotAnEndlessReconnect() {
    String session = name + "-badpw";
    String run =
        "env BANYAN_ENGINE="
            + cluster.engineAddress()
            + " BANYAN_CONFIG="
            + cluster.configFile()
            + " BANYAN_PASSWORD=not-the-password LANG=C.UTF-8 TERM=xterm-256color "
            + Binaries.wrapper("banyan-cli")
            + " top; echo TOP-EXITED=$?; sleep 120";
    ProcessResult started =
        tmux(
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
            "-s",
            session,
            "-c",
            appDir.toString(),
            run);
    assertThat(started.exitCode()).as(started.describe()).isZero();
    try {
      Awaitility.await("top refuses with the authentication error")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                String s = tmux("capture-pane", "-p", "-t", session).stdout();
                assertThat(s)
                    .contains("authentication failed")
                    .contains("TOP-EXITED=3")
                    .doesNotContain("reconnecting")
                    .doesNotContain("Exception");
              });
    } finally {
      tmux("kill-session", "-t", session);
    }
  }
}
