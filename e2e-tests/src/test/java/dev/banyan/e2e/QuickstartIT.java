package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.Podman;
import dev.banyan.e2e.support.Ports;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * The README's first command, run as a user runs it: {@code scripts/quickstart.sh} brings up an
 * engine (with its embedded etcd) and an agent and deploys the example app; a second run changes
 * nothing; {@code scripts/quickstart.sh down --purge} leaves no process, container or file. Its own
 * directory, ports and node name keep it apart from a developer's quickstart on the same machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartIT {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);

  private final String node = "e2e-qs-" + UUID.randomUUID().toString().substring(0, 6);
  private final int appPort = Ports.free();
  private Path dir;
  private Map<String, String> env;
  private Map<String, String> firstContainers;
  private Map<String, String> firstPids;

  @BeforeAll
  void chooseDirectoryAndPorts() throws IOException {
    dir = Files.createTempDirectory("banyan-e2e-quickstart-");
    env = new HashMap<>();
    env.put("BANYAN_QUICKSTART_DIR", dir.toString());
    env.put("BANYAN_QUICKSTART_ENGINE_PORT", String.valueOf(Ports.free()));
    env.put("BANYAN_QUICKSTART_AGENT_PORT", String.valueOf(Ports.free()));
    env.put("BANYAN_QUICKSTART_ETCD_PORT", String.valueOf(Ports.free()));
    env.put("BANYAN_QUICKSTART_ETCD_PEER_PORT", String.valueOf(Ports.free()));
    env.put("BANYAN_QUICKSTART_APP_PORT", String.valueOf(appPort));
    env.put("BANYAN_QUICKSTART_NODE", node);
    // The surrounding Maven build has just packaged the jars.
    env.put("BANYAN_QUICKSTART_SKIP_BUILD", "1");
  }

  @AfterAll
  void tearDownWhateverIsLeft() throws IOException {
    // Even when a test failed: the script's own teardown first, then by force.
    if (Files.exists(dir)) {
      quickstart("down", "--purge");
    }
    ourProcesses().forEach(ProcessHandle::destroyForcibly);
    Podman.removeAll("banyan.node", node);
    TempDirs.delete(dir);
  }

  @Test
  @Order(1)
  void oneCommandBringsUpTheClusterAndTheExampleApp() throws IOException {
    ProcessResult r = quickstart();
    assertThat(r.exitCode()).as(r.describe() + logs()).isZero();
    assertThat(r.stdout())
        .contains("http://127.0.0.1:" + appPort + "/")
        .contains("export BANYAN_CONFIG=" + dir.resolve("banyan.yaml"));

    awaitAppAnswers();
    firstContainers = containers();
    assertThat(firstContainers).hasSize(3); // web + 2 workers
    assertThat(firstContainers.values()).allMatch(state -> state.startsWith("running"));
    firstPids = pids();
    assertThat(firstPids).containsOnlyKeys("engine", "agent");

    Path config = dir.resolve("banyan.yaml");
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String password = Files.readString(dir.resolve("password")).strip();
    assertThat(password).hasSizeGreaterThanOrEqualTo(24);
    assertThat(Files.readString(config)).contains("password: " + password, "password_hash:");
    assertThat(r.stdout()).doesNotContain(password);
  }

  @Test
  @Order(2)
  void aSecondRunRestartsNothing() {
    ProcessResult r = quickstart();
    assertThat(r.exitCode()).as(r.describe() + logs()).isZero();
    assertThat(r.stdout())
        .contains("engine already running")
        .contains("agent already running")
        .contains("web: unchanged");
    assertThat(pids()).isEqualTo(firstPids);
    assertThat(containers()).isEqualTo(firstContainers);
    awaitAppAnswers();
  }

  @Test
  @Order(3)
  void theCliWorksWithTheWrittenConfig() {
    ProcessResult ps =
        Binaries.run(
            "banyan-cli",
            List.of("ps", "hello"),
            Map.of("BANYAN_CONFIG", dir.resolve("banyan.yaml").toString()),
            null);
    assertThat(ps.exitCode()).as(ps.describe()).isZero();
    assertThat(ps.stdout()).contains("web").contains("worker").contains(node);
  }

  @Test
  @Order(4)
  void downLeavesNothingBehind() {
    List<Long> pids = firstPids.values().stream().map(Long::parseLong).toList();
    ProcessResult r = quickstart("down", "--purge");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(Podman.containers("banyan.node", node)).isEmpty();
    assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(ourProcesses()).as("engine, agent or etcd still running").isEmpty();
    assertThat(dir).doesNotExist();
  }

  private void awaitAppAnswers() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/"))
            .timeout(Duration.ofSeconds(3))
            .build();
    Awaitility.await("the example app answers on port " + appPort)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
              assertThat(response.statusCode()).isEqualTo(200);
              assertThat(response.body()).contains("Hello from Banyan");
            });
  }

  /** Container id → state of this quickstart's node. */
  private Map<String, String> containers() {
    return Podman.containers("banyan.node", node).stream()
        .collect(Collectors.toMap(Podman.Container::id, Podman.Container::state));
  }

  private Map<String, String> pids() {
    Map<String, String> pids = new HashMap<>();
    for (String name : List.of("engine", "agent")) {
      Path file = dir.resolve("run/" + name + ".pid");
      try {
        pids.put(name, Files.readString(file).strip());
      } catch (IOException e) {
        // Not running: left out, which the assertions report.
      }
    }
    return pids;
  }

  /** Every process started for this quickstart: all of them name its directory. */
  private List<ProcessHandle> ourProcesses() {
    String marker = dir.toString() + "/";
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(args -> String.join(" ", args).contains(marker))
                    .orElse(false))
        .toList();
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("engine", "agent")) {
      Path log = dir.resolve("logs/" + name + ".log");
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        text.append("\n===== ")
            .append(name)
            .append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
      } catch (IOException e) {
        text.append("\n(no ").append(name).append(" log)");
      }
    }
    return text.toString();
  }

  /** Runs the script as a user would, without a terminal (stdin from /dev/null). */
  private ProcessResult quickstart(String... args) {
    try {
      Path out = Files.createTempFile("banyan-e2e-qs", ".out");
      Path err = Files.createTempFile("banyan-e2e-qs", ".err");
      List<String> command = new java.util.ArrayList<>();
      command.add("bash");
      command.add(Binaries.home().resolve("scripts/quickstart.sh").toString());
      command.addAll(List.of(args));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(Binaries.home().toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      ProcessResult result =
          new ProcessResult(
              p.isAlive() ? -1 : p.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
