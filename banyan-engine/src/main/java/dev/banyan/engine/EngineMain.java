package dev.banyan.engine;

import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.Durations;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.cli.VersionProvider;
import dev.banyan.common.metrics.MetricsHttpServer;
import dev.banyan.engine.metrics.EngineMetricsConfig;
import dev.banyan.engine.store.EtcdClusterStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code banyan-engine}: the control plane. Wires the engine's parts together and runs them. */
@Command(
    name = "banyan-engine",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description =
        "Runs a Banyan engine: the control plane that stores state in etcd and schedules work.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed to start or crashed", "2:bad command line"})
public final class EngineMain implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address of the gRPC API for the CLI and agents (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:7070")
  String listen;

  @Option(
      names = "--etcd-endpoints",
      paramLabel = "URL",
      split = ",",
      description = "etcd client URLs, e.g. http://127.0.0.1:2379 (required for now).")
  List<String> etcdEndpoints = List.of();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the engine keeps its state (default: ${DEFAULT-VALUE}).",
      defaultValue = "/var/lib/banyan/engine")
  Path dataDir;

  @Option(
      names = "--node-timeout",
      paramLabel = "DURATION",
      description =
          "How long a node may miss heartbeats before it is marked down, e.g. 6s (default: ${DEFAULT-VALUE}).",
      defaultValue = "6s")
  String nodeTimeout;

  @Option(
      names = "--heartbeat-period",
      paramLabel = "DURATION",
      description = "How often agents send heartbeats, e.g. 2s (default: ${DEFAULT-VALUE}).",
      defaultValue = "2s")
  String heartbeatPeriod;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT|off",
      description =
          "Where /metrics (Prometheus text) and /api/v1/metrics (JSON) are served; off disables"
              + " them (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:9470")
  String metricsListen;

  @Option(
      names = "--metrics-retention",
      paramLabel = "DURATION",
      description =
          "How long agents' metrics samples are kept in etcd (default: ${DEFAULT-VALUE}).",
      defaultValue = "15m")
  String metricsRetention;

  private EngineMetricsConfig metricsConfig() {
    Duration retention = Durations.parse("--metrics-retention", metricsRetention);
    if (retention.compareTo(Duration.ofSeconds(10)) < 0
        || retention.compareTo(Duration.ofHours(24)) > 0) {
      throw new UserError("--metrics-retention must be between 10s and 24h; the default is 15m");
    }
    return new EngineMetricsConfig(
        MetricsHttpServer.parseListen("--metrics-listen", metricsListen),
        retention,
        EngineMetricsConfig.defaults().spacing());
  }

  @Override
  public Integer call() throws InterruptedException {
    if (etcdEndpoints.isEmpty()) {
      throw new UserError(
          "no etcd to store state in; pass --etcd-endpoints http://HOST:2379 (an embedded etcd is"
              + " not available yet)");
    }
    EngineConfig defaults = EngineConfig.of(address(listen), etcdEndpoints, dataDir);
    Duration heartbeat = duration("--heartbeat-period", heartbeatPeriod);
    Duration timeout = duration("--node-timeout", nodeTimeout);
    if (timeout.compareTo(heartbeat) <= 0) {
      throw new UserError(
          "--node-timeout must be longer than --heartbeat-period; use about three periods");
    }
    EngineConfig config =
        new EngineConfig(
            defaults.listen(),
            defaults.etcdEndpoints(),
            defaults.dataDir(),
            heartbeat,
            timeout,
            defaults.leaderTtl(),
            defaults.controllerTick(),
            // Agents retry registration at least every 5 s; three node timeouts give every live
            // agent time to register with a new leader before anything is rescheduled.
            timeout.multipliedBy(3));
    Engine engine;
    try {
      engine =
          new Engine(
                  config,
                  metricsConfig(),
                  EtcdClusterStore.connect(config.etcdEndpoints()),
                  Clock.systemUTC())
              .start();
    } catch (java.io.UncheckedIOException e) {
      throw new UserError(
          "cannot listen on "
              + listen
              + " ("
              + e.getCause().getMessage()
              + "); choose another --listen address",
          e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "engine-shutdown"));
    engine.awaitTermination();
    return 0;
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new UserError("--listen '" + hostPort + "' is not HOST:PORT; e.g. 0.0.0.0:7070");
    }
    try {
      return new InetSocketAddress(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new UserError("--listen '" + hostPort + "' is not HOST:PORT; e.g. 0.0.0.0:7070", e);
    }
  }

  /** "500ms", "6s", "2m", or ISO-8601 ("PT6S"). */
  static Duration duration(String option, String text) {
    String t = text.trim().toLowerCase();
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim());
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            (long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      throw new IllegalArgumentException("no unit");
    } catch (RuntimeException e) {
      throw new UserError(
          option + " '" + text + "' is not a duration; use e.g. 500ms, 6s or 2m", e);
    }
  }

  public static void main(String[] args) {
    System.exit(Commands.create(new EngineMain()).execute(args));
  }
}
