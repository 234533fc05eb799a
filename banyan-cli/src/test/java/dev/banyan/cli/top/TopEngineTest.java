package dev.banyan.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.cli.CliMain;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.ServiceMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code top}'s I/O against an engine over a real gRPC socket: snapshots, outages, log streams. */
class TopEngineTest {
  private final FakeEngine engine = new FakeEngine();
  private final List<TopEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    engine.close();
  }

  @Command
  static final class Holder {
    @Mixin EngineOptions engine;
  }

  /** What a CLI run printed and returned. */
  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CliMain.commandLine(new String[0]);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private EngineConnection connection() {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs("--engine", engine.address());
    return new EngineConnection(holder.engine);
  }

  @Test
  void onceAgainstAnEngineWithoutMetricsPrintsPlainTextWithDashes() {
    engine.start();
    Result r = run("top", "--once", "--engine", engine.address());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("nodes 1/1 ready   services 2   tasks 3/3 running")
        .contains("node-1")
        .contains("1.0/4.0 (25%)")
        .contains("shop/web")
        .contains("note: metrics unavailable")
        .doesNotContain("\u001b");
    assertThat(r.out().lines().filter(l -> l.startsWith("shop/api ")))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l.split("\\s+")).containsExactly("shop/api", "2/2", "-", "-", "-", "-"));
    assertThat(r.out().lines().filter(l -> l.startsWith("shop/api.1 ")))
        .as("only tasks the engine wants running")
        .hasSize(1);
  }

  @Test
  void onceShowsMetricsWhenTheEngineServesThem() {
    engine.metrics =
        Optional.of(
            GetMetricsResponse.newBuilder()
                .addContainers(
                    ContainerMetrics.newBuilder()
                        .setTaskId("t-api-1")
                        .setCpuUsageCores(0.5)
                        .setMemoryUsageBytes(64L << 20))
                .addServices(
                    ServiceMetrics.newBuilder()
                        .setDeployment("shop")
                        .setService("api")
                        .setRequestsPerSecond(12.5)
                        .setErrorRatio(0.1)
                        .setCpuUsageCores(0.75)
                        .setMemoryUsageBytes(96L << 20))
                .build());
    engine.start();
    Result r = run("top", "--once", "--engine", engine.address());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("metrics unavailable");
    assertThat(r.out().lines().filter(l -> l.startsWith("shop/api ")))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l.split("\\s+"))
                    .containsExactly("shop/api", "2/2", "0.75", "96M", "12.5", "10.0%"));
    assertThat(r.out().lines().filter(l -> l.startsWith("shop/api.1 ")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("0.50").contains("64M"));
  }

  @Test
  void onceWithoutAnEngineFailsWithOneSentence() {
    Result r = run("top", "--once", "--engine", engine.address());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err())
        .contains("cannot reach the engine at " + engine.address())
        .doesNotContain("Exception");
  }

  @Test
  void liveModeWithoutATerminalPointsToOnce() {
    Result r = run("top", "--engine", engine.address());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("top needs an interactive terminal").contains("--once");
  }

  @Test
  void pollerReportsALostEngineThenRecoversByItself() {
    try (EngineConnection connection = connection();
        Poller poller =
            new Poller(
                new EngineSource(connection, "", Clock.systemUTC())::fetch,
                events::add,
                Duration.ofMillis(200))) {
      poller.start();
      Awaitility.await("engine lost")
          .atMost(Duration.ofSeconds(10))
          .until(() -> events.stream().anyMatch(e -> e instanceof TopEvent.EngineLost));
      TopEvent.EngineLost lost =
          (TopEvent.EngineLost)
              events.stream()
                  .filter(e -> e instanceof TopEvent.EngineLost)
                  .findFirst()
                  .orElseThrow();
      assertThat(lost.reason()).contains("connection refused").doesNotContain("; start an engine");

      engine.start();
      Awaitility.await("data after the engine came back")
          .atMost(Duration.ofSeconds(15))
          .until(() -> events.stream().anyMatch(e -> e instanceof TopEvent.DataArrived));
      ClusterData data =
          events.stream()
              .filter(e -> e instanceof TopEvent.DataArrived)
              .map(e -> ((TopEvent.DataArrived) e).data())
              .findFirst()
              .orElseThrow();
      assertThat(data.services())
          .extracting(ClusterData.ServiceRow::key)
          .containsExactly("shop/api", "shop/web");
      assertThat(data.metricsAvailable()).isFalse();
    }
  }

  @Test
  void logTailFollowsTheSourceAndCancelsTheOldStreamWhenItChanges() {
    engine.start();
    try (EngineConnection connection = connection();
        LogTail tail = new LogTail(connection, events::add, Clock.systemUTC())) {
      LogSource api = new LogSource("shop", "api", 0);
      tail.follow(Optional.of(api));
      tail.follow(Optional.of(api)); // unchanged: no second stream
      Awaitility.await("api line")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  events.contains(new TopEvent.LogArrived(api, "api.1@node-1 | hello from api.0")));

      LogSource web = new LogSource("shop", "web", 1);
      tail.follow(Optional.of(web));
      Awaitility.await("web line and api stream cancelled")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  events.contains(new TopEvent.LogArrived(web, "web.1@node-1 | hello from web.1"))
                      && engine.cancelledLogStreams.contains("api.0"));
      assertThat(engine.openLogStreams).containsExactly("api.0", "web.1");

      tail.follow(Optional.empty());
      Awaitility.await("web stream cancelled")
          .atMost(Duration.ofSeconds(10))
          .until(() -> engine.cancelledLogStreams.contains("web.1"));
    }
  }
}
