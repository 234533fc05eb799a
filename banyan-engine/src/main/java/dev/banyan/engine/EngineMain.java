package dev.banyan.engine;

import dev.banyan.common.auth.PasswordVerifier;
import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.Durations;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.cli.VersionProvider;
import dev.banyan.common.config.ClusterSecrets;
import dev.banyan.common.config.ConfigDefaults;
import dev.banyan.common.config.ConfigFile;
import dev.banyan.common.manifest.ByteSizes;
import dev.banyan.common.metrics.MetricsHttpServer;
import dev.banyan.engine.etcd.EmbeddedEtcd;
import dev.banyan.engine.etcd.EtcdClientOptions;
import dev.banyan.engine.metrics.EngineMetricsConfig;
import dev.banyan.engine.network.ClusterNetworkPlan;
import dev.banyan.engine.scheduler.ResourceDefaults;
import dev.banyan.engine.store.EtcdClusterStore;
import dev.banyan.vpc.ipam.Cidr;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code banyan-engine}: the control plane. Wires the engine's parts together and runs them. */
@Command(
    name = "banyan-engine",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    subcommands = {EngineInitCommand.class},
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
      description =
          "etcd client URLs, e.g. https://10.0.0.1:2379 (default: none; the engine starts and"
              + " supervises a local etcd under --data-dir).")
  List<String> etcdEndpoints = List.of();

  @Option(
      names = "--etcd-ca-file",
      paramLabel = "FILE",
      description = "CA certificate (PEM) that signed the etcd servers' certificates (https://).")
  Path etcdCaFile;

  @Option(
      names = "--etcd-cert-file",
      paramLabel = "FILE",
      description = "Client certificate (PEM) the engine presents to etcd.")
  Path etcdCertFile;

  @Option(
      names = "--etcd-key-file",
      paramLabel = "FILE",
      description = "Key (PEM, PKCS#8) of --etcd-cert-file.")
  Path etcdKeyFile;

  @Option(
      names = "--embedded-etcd-port",
      paramLabel = "PORT",
      description =
          "Client port of the local etcd started without --etcd-endpoints; loopback only"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "2379")
  int embeddedEtcdPort;

  @Option(
      names = "--embedded-etcd-peer-port",
      paramLabel = "PORT",
      description = "Peer port of that local etcd (default: ${DEFAULT-VALUE}).",
      defaultValue = "2380")
  int embeddedEtcdPeerPort;

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
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: BANYAN_CONFIG, else /etc/banyan/banyan.yaml).")
  Path configFile;

  private ConfigFile config = ConfigFile.empty(ConfigDefaults.SYSTEM_CONFIG);
  private Map<String, String> env = Map.of();

  @Option(
      names = "--cluster-cidr",
      paramLabel = "CIDR",
      description =
          "The VPC range node subnets are cut from, fixed when the cluster is created"
              + " (default: the cluster's, or 10.210.0.0/16 for a new cluster).")
  String clusterCidr;

  @Option(
      names = "--node-subnet-size",
      paramLabel = "PREFIX",
      description =
          "Prefix length of each node's subnet, e.g. 24, fixed when the cluster is created"
              + " (default: the cluster's, or 24 for a new cluster).")
  Integer nodeSubnetSize;

  @Option(
      names = "--default-cpus",
      paramLabel = "CORES",
      description =
          "CPU cores a task requests when its service declares none (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  double defaultCpus;

  @Option(
      names = "--default-memory",
      paramLabel = "SIZE",
      description =
          "Memory a task requests when its service declares none, e.g. 512m or 1g (default: ${DEFAULT-VALUE}).",
      defaultValue = "512m")
  String defaultMemory;

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
    config.requirePrivateIfSecret();
    PasswordVerifier verifier =
        new PasswordVerifier(ClusterSecrets.requireEngineHashes(config, env));
    InetSocketAddress listenAddress = address(listen);
    Duration heartbeat = Durations.parse("--heartbeat-period", heartbeatPeriod);
    Duration timeout = Durations.parse("--node-timeout", nodeTimeout);
    if (timeout.compareTo(heartbeat) <= 0) {
      throw new UserError(
          "--node-timeout must be longer than --heartbeat-period; use about three periods");
    }
    ResourceDefaults taskDefaults = taskDefaults(); // checked before any etcd is started
    ClusterNetworkPlan networkPlan = networkPlan();
    Optional<EtcdClientOptions> external = etcdClientOptions();
    Optional<EmbeddedEtcd> embedded =
        external.isPresent()
            ? Optional.empty()
            : Optional.of(
                new EmbeddedEtcd(
                        EmbeddedEtcd.Settings.of(
                            dataDir.resolve("etcd"), embeddedEtcdPort, embeddedEtcdPeerPort))
                    .start());
    EtcdClientOptions etcdOptions =
        external.orElseGet(() -> EtcdClientOptions.plain(List.of(embedded.get().clientUrl())));
    EngineConfig defaults = EngineConfig.of(listenAddress, etcdOptions.endpoints(), dataDir);
    EngineConfig engineConfig =
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
    engineConfig = engineConfig.withTaskDefaults(taskDefaults);
    AtomicReference<Engine> running = new AtomicReference<>();
    // Registered before the engine starts, so that no exit path leaves the etcd child behind.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // The engine first (it still writes to etcd while stopping), then its etcd.
                  Optional.ofNullable(running.get()).ifPresent(Engine::close);
                  embedded.ifPresent(EmbeddedEtcd::close);
                },
                "engine-shutdown"));
    Engine engine;
    try {
      engine =
          new Engine(
                  engineConfig,
                  metricsConfig(),
                  EtcdClusterStore.connect(etcdOptions.builder()),
                  Clock.systemUTC(),
                  networkPlan,
                  Optional.of(verifier))
              .start();
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedEtcd::close);
      if (!(e instanceof java.io.UncheckedIOException)) {
        throw e;
      }
      throw new UserError(
          "cannot listen on "
              + listen
              + " ("
              + e.getCause().getMessage()
              + "); choose another --listen address",
          e);
    }
    running.set(engine);
    engine.awaitTermination();
    return 0;
  }

  private ClusterNetworkPlan networkPlan() {
    Optional<Cidr> cidr;
    try {
      cidr = Optional.ofNullable(clusterCidr).map(Cidr::parse);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "--cluster-cidr '" + clusterCidr + "' is not an IPv4 CIDR; use e.g. 10.210.0.0/16", e);
    }
    String size = nodeSubnetSize == null ? "" : nodeSubnetSize.toString();
    return new ClusterNetworkPlan(
        cidr, size.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(size)));
  }

  private ResourceDefaults taskDefaults() {
    long memory =
        ByteSizes.parse(defaultMemory)
            .orElseThrow(
                () ->
                    new UserError(
                        "--default-memory '" + defaultMemory + "' is not a size; use e.g. 512m"));
    if (defaultCpus <= 0 || memory <= 0) {
      throw new UserError("--default-cpus and --default-memory must be more than 0");
    }
    return new ResourceDefaults(defaultCpus, memory);
  }

  /** The external etcd to use, or empty for the embedded one. */
  Optional<EtcdClientOptions> etcdClientOptions() {
    if (etcdEndpoints.isEmpty()) {
      if (etcdCaFile != null || etcdCertFile != null || etcdKeyFile != null) {
        throw new UserError(
            "--etcd-ca-file, --etcd-cert-file and --etcd-key-file are for an external etcd; pass"
                + " its --etcd-endpoints too");
      }
      return Optional.empty();
    }
    return Optional.of(
        new EtcdClientOptions(
            etcdEndpoints,
            Optional.ofNullable(etcdCaFile),
            Optional.ofNullable(etcdCertFile),
            Optional.ofNullable(etcdKeyFile)));
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

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** Runs the engine with its config file and environment; returns the exit code. */
  static int run(String[] args, Map<String, String> env) {
    EngineMain main = new EngineMain();
    return Commands.execute(
        Commands.create(main),
        args,
        cmd -> {
          main.config =
              ConfigDefaults.install(
                  cmd, args, "engine", env, List.of(ConfigDefaults.SYSTEM_CONFIG));
          main.env = Map.copyOf(env);
        });
  }
}
