package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ManagedProcess;
import dev.banyan.e2e.support.Podman;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TaskRows;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Milestone 2 with real containers: failures explained, health, merged logs, down. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
  private static final String IMAGE = "localhost/banyan-busybox:latest";
  private static final Pattern COUNTER = Pattern.compile("tick (\\d+)");

  private final String name = "obs-" + UUID.randomUUID().toString().substring(0, 6);
  private final String volumesApp = name + "-vol";
  private TestCluster cluster;
  private Path appDir;

  @BeforeAll
  void start() throws IOException {
    cluster = TestCluster.start("observability", 2);
    appDir = Files.createTempDirectory("banyan-e2e-obs");
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    Podman.removeVolume(volumesApp + "_data");
  }

  private TaskRows tasks() {
    ProcessResult r = cluster.cli("ps", name, "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return TaskRows.parse(r.stdout());
  }

  private ProcessResult deploy(String services, String... flags) throws IOException {
    Files.writeString(appDir.resolve("banyan.yaml"), "name: " + name + "\nservices:\n" + services);
    List<String> args = new ArrayList<>(List.of("deploy"));
    args.addAll(List.of(flags));
    return cluster.cliIn(appDir, args.toArray(String[]::new));
  }

  private static final String FAILING =
      "  failing:\n    image: "
          + IMAGE
          + "\n    command: [\"sh\", \"-c\", \"echo boom-output; exit 1\"]\n    restart: \"no\"\n";
  private static final String CRASHING =
      "  crashing:\n    image: "
          + IMAGE
          + "\n    command: [\"sh\", \"-c\", \"echo crash; exit 3\"]\n    restart: always\n";
  private static final String SICK =
      "  sick:\n    image: "
          + IMAGE
          + "\n    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]\n"
          + "    healthcheck:\n      test: [\"CMD\", \"false\"]\n      interval: 1s\n      timeout: 1s\n      retries: 2\n";
  private static final String CHATTY =
      "  chatty:\n    image: "
          + IMAGE
          + "\n    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; i=0; while true; do i=$$((i+1)); echo tick $$i; sleep 0.5; done\"]\n"
          + "    stop_grace_period: 2s\n    deploy:\n      replicas: 3\n";

  @Test
  @Order(1)
  void deployOfAServiceThatExitsAtOnceFailsWithTheReason() throws IOException {
    ProcessResult r = deploy(FAILING);
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.stdout()).contains("failing.1 FAILED: exited with code 1");

    TaskRows.Row failing = tasks().ofService("failing").get(0);
    assertThat(failing.state()).isEqualTo("TASK_STATE_FAILED");
    assertThat(failing.exitCode()).isEqualTo(1);
    assertThat(failing.lastLogLines()).contains("boom-output");
    ProcessResult ps = cluster.cli("ps", name, "--no-trunc");
    assertThat(ps.stdout()).contains("FAILED").contains("| boom-output");
    ProcessResult status = cluster.cli("status", name);
    assertThat(status.stdout()).contains("failing.1").contains("FAILED");
  }

  @Test
  @Order(2)
  void crashLoopsAreCountedAndUnhealthyContainersShown() throws IOException {
    ProcessResult r = deploy(FAILING + CRASHING + SICK + CHATTY, "--detach");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    Awaitility.await("crash loop counted, sick container unhealthy")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              TaskRows rows = tasks();
              assertThat(rows.ofService("crashing").get(0).restarts()).isGreaterThanOrEqualTo(2);
              assertThat(rows.ofService("sick").get(0).health()).isEqualTo("HEALTH_UNHEALTHY");
              assertThat(rows.ofService("chatty")).hasSize(3).allMatch(TaskRows.Row::running);
            });
    ProcessResult status = cluster.cli("status", name);
    assertThat(status.stdout()).contains("unhealthy");
  }

  private List<String> logLines(String... args) {
    List<String> all = new ArrayList<>(List.of("logs", "--no-color"));
    all.addAll(List.of(args));
    ProcessResult r = cluster.cli(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return r.stdout().lines().toList();
  }

  @Test
  @Order(3)
  void logsOfThreeReplicasOnTwoNodesAreMergedWithPrefixes() {
    List<String> lines = logLines(name + "/chatty");
    Pattern prefix = Pattern.compile("^chatty\\.(\\d)@(\\S+) \\| tick \\d+$");
    assertThat(lines).isNotEmpty().allMatch(l -> prefix.matcher(l).matches());
    Set<String> replicas =
        lines.stream().map(l -> l.substring(0, l.indexOf('@'))).collect(Collectors.toSet());
    Set<String> nodes =
        lines.stream()
            .map(l -> l.substring(l.indexOf('@') + 1, l.indexOf(' ')))
            .collect(Collectors.toSet());
    assertThat(replicas).containsExactlyInAnyOrder("chatty.1", "chatty.2", "chatty.3");
    assertThat(nodes).containsExactlyInAnyOrderElementsOf(cluster.nodeNames());
  }

  @Test
  @Order(4)
  void tailAndSinceSelectTheRightLines() {
    List<String> tail = logLines(name + "/chatty", "--tail", "2");
    assertThat(tail).hasSize(6);
    assertThat(logLines(name + "/chatty/2", "--tail", "3"))
        .hasSize(3)
        .allMatch(l -> l.startsWith("chatty.2@"));

    Instant before = Instant.now();
    List<String> recent =
        logLines(name + "/chatty", "--since", "3s", "--timestamps", "--no-prefix");
    List<String> everything = logLines(name + "/chatty");
    assertThat(recent).isNotEmpty().hasSizeLessThan(everything.size());
    for (String line : recent) {
      Instant at = OffsetDateTime.parse(line.substring(0, line.indexOf(' '))).toInstant();
      assertThat(at).isAfter(before.minusSeconds(4));
    }
  }

  @Test
  @Order(5)
  void followShowsNewLinesAndAKilledAgentIsAWarningNotAHang() throws IOException {
    Path logDir = Files.createTempDirectory("banyan-e2e-follow");
    try (ManagedProcess follow =
        new ManagedProcess(
            "follow",
            List.of(
                Binaries.wrapper("banyan-cli").toString(),
                "logs",
                "--no-color",
                "--follow",
                "--tail",
                "1",
                name + "/chatty"),
            cluster.cliEnvironment(),
            logDir)) {
      follow.start();
      Awaitility.await("first followed lines")
          .atMost(Duration.ofSeconds(30))
          .until(() -> maxTick(follow.tail(500)) > 0);
      int first = maxTick(follow.tail(500));
      Awaitility.await("a newer line while following")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> maxTick(follow.tail(500)) > first);

      String lost = cluster.nodeNames().get(1);
      cluster.agent(1).kill();
      Awaitility.await("warning naming the lost node")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  follow
                      .tail(500)
                      .lines()
                      .anyMatch(l -> l.startsWith("warning: ") && l.contains(lost)));
      assertThat(follow.isAlive()).as("a followed stream keeps going for the other node").isTrue();
    }
    ProcessResult once = cluster.cli("logs", "--no-color", "--tail", "1", name + "/chatty");
    assertThat(once.exitCode()).as(once.describe()).isZero();
    assertThat(once.stderr()).contains("warning: ").contains(cluster.nodeNames().get(1));
    assertThat(once.stdout()).contains("@" + cluster.nodeNames().get(0) + " | tick");
    cluster.agent(1).start();
    cluster.awaitNodesReady(2);
  }

  private static int maxTick(String text) {
    Matcher m = COUNTER.matcher(text);
    int max = 0;
    while (m.find()) {
      max = Math.max(max, Integer.parseInt(m.group(1)));
    }
    return max;
  }

  @Test
  @Order(6)
  void downRemovesEverything() {
    ProcessResult r = cluster.cli("down", name);
    assertThat(r.exitCode()).as(r.describe() + cluster.diagnostics()).isZero();
    assertThat(r.stdout()).contains("removed");
    assertThat(Podman.containers("banyan.deployment", name)).isEmpty();
  }

  @Test
  @Order(7)
  void downKeepsNamedVolumesUnlessAskedToRemoveThem() throws IOException {
    Path dir = Files.createDirectories(appDir.resolve("volumes"));
    Files.writeString(
        dir.resolve("banyan.yaml"),
        "name: "
            + volumesApp
            + "\nservices:\n  app:\n    image: "
            + IMAGE
            + "\n    command: [\"sh\", \"-c\", \"date > /data/started; exec sleep 3600\"]\n"
            + "    init: true\n    stop_grace_period: 1s\n    volumes:\n      - data:/data\n"
            + "volumes:\n  data: {}\n");
    String volume = volumesApp + "_data";

    ProcessResult first = cluster.cliIn(dir, "deploy");
    assertThat(first.exitCode()).as(first.describe() + cluster.diagnostics()).isZero();
    assertThat(Podman.volumeExists(volume)).as("the deployment's volume " + volume).isTrue();
    ProcessResult down = cluster.cli("down", volumesApp);
    assertThat(down.exitCode()).as(down.describe()).isZero();
    assertThat(Podman.volumeExists(volume)).as("plain down keeps the data").isTrue();

    ProcessResult again = cluster.cliIn(dir, "deploy");
    assertThat(again.exitCode()).as(again.describe() + cluster.diagnostics()).isZero();
    ProcessResult downWithVolumes = cluster.cli("down", volumesApp, "--volumes");
    assertThat(downWithVolumes.exitCode()).as(downWithVolumes.describe()).isZero();
    Awaitility.await("the volume is removed")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !Podman.volumeExists(volume));
  }

  @Test
  @Order(8)
  void deployWaitsForHealthChecksAndFailsOnAnUnhealthyService() throws IOException {
    String app = "health-" + UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(appDir.resolve("health"));
    // Healthy about 3 s after it starts: deploy returns only then.
    Files.writeString(
        dir.resolve("banyan.yaml"),
        "name: "
            + app
            + "\nservices:\n  slow:\n    image: "
            + IMAGE
            + "\n    command: [\"sh\", \"-c\", \"sleep 3; touch /tmp/ok; exec sleep 3600\"]\n"
            + "    init: true\n    stop_grace_period: 1s\n"
            + "    healthcheck:\n      test: [\"CMD\", \"test\", \"-f\", \"/tmp/ok\"]\n"
            + "      interval: 1s\n      timeout: 1s\n      retries: 30\n");
    ProcessResult healthy = cluster.cliIn(dir, "deploy");
    assertThat(healthy.exitCode()).as(healthy.describe() + cluster.diagnostics()).isZero();
    assertThat(healthy.stdout())
        .contains("slow.1 RUNNING (health: starting)")
        .contains("slow.1 RUNNING (health: healthy)");
    ProcessResult ps = cluster.cli("ps", app, "-o", "json");
    assertThat(TaskRows.parse(ps.stdout()).ofService("slow").get(0).health())
        .isEqualTo("HEALTH_HEALTHY");

    // Never healthy: deploy says so and exits 1 instead of declaring success.
    Files.writeString(
        dir.resolve("banyan.yaml"), "name: " + app + "\nservices:\n" + SICK + "    init: true\n");
    ProcessResult sick = cluster.cliIn(dir, "deploy", "--timeout", "60");
    assertThat(sick.exitCode()).as(sick.describe()).isEqualTo(1);
    assertThat(sick.stdout()).contains("sick.1 is unhealthy");
    ProcessResult down = cluster.cli("down", app);
    assertThat(down.exitCode()).as(down.describe()).isZero();
  }
}
