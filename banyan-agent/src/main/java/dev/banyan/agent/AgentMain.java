package dev.banyan.agent;

import dev.banyan.agent.metrics.MetricsConfig;
import dev.banyan.agent.node.NodeFacts;
import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.Durations;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.cli.VersionProvider;
import dev.banyan.common.config.ClusterSecrets;
import dev.banyan.common.config.ConfigDefaults;
import dev.banyan.common.config.ConfigFile;
import dev.banyan.common.manifest.ByteSizes;
import dev.banyan.common.metrics.MetricsHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code banyan-agent}: runs a node's containers as the engines assign them. */
@Command(
    name = "banyan-agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    subcommands = {AgentInitCommand.class},
    description = "Runs a Banyan agent: one per server, it runs the containers the engines assign.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed to start or crashed", "2:bad command line"})
public final class AgentMain implements Callable<Integer> {

  @Option(
      names = "--engine",
      paramLabel = "HOST:PORT",
      split = ",",
      description =
          "One or more engine addresses; the agent fails over between them (also BANYAN_ENGINE or"
              + " agent.engine in the config file).")
  List<String> engines = List.of();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: BANYAN_CONFIG, else /etc/banyan/banyan.yaml).")
  Path configFile;

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      description = "This node's name in the cluster (default: the host name).")
  String nodeName;

  @Option(
      names = "--runtime",
      paramLabel = "RUNTIME",
      description = "Container CLI: auto, nerdctl, docker or podman (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String runtime;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address of the agent's gRPC API for engines (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:7071")
  String listen;

  @Option(
      names = "--labels",
      paramLabel = "KEY=VALUE",
      split = ",",
      description = "Node labels for placement constraints, e.g. zone=eu,disk=ssd.")
  Map<String, String> labels = Map.of();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "The agent's state directory (secret and config files) (default: ${DEFAULT-VALUE}).",
      defaultValue = "/var/lib/banyan/agent")
  Path dataDir;

  @Option(
      names = "--oci-runtime",
      paramLabel = "PATH|auto",
      description =
          "OCI runtime for podman; auto picks runc where crun cannot work (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String ociRuntime;

  @Option(
      names = "--advertise-address",
      paramLabel = "HOST",
      description =
          "Address engines and other nodes use to reach this node (default: the first non-loopback IPv4).")
  String advertiseAddress;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "File holding the cluster password (default: $BANYAN_PASSWORD, if set).")
  Path passwordFile;

  @Option(
      names = "--resync-period",
      paramLabel = "DURATION",
      description = "How often the agent re-lists its containers (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5S")
  Duration resyncPeriod;

  @Option(
      names = "--no-vpc",
      description =
          "Keep containers on the runtime's default network: no node bridge, cross-node routes or"
              + " service DNS (also agent.no_vpc).")
  boolean noVpc;

  @Option(
      names = "--reserve-cpus",
      paramLabel = "CORES",
      description =
          "CPU cores kept for the system; tasks get the rest (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  double reserveCpus;

  @Option(
      names = "--reserve-memory",
      paramLabel = "SIZE",
      description =
          "Memory kept for the system, e.g. 256m or 1g; tasks get the rest (default: ${DEFAULT-VALUE}).",
      defaultValue = "256m")
  String reserveMemory;

  @Option(
      names = "--capacity-cpus",
      paramLabel = "CORES",
      description = "Report this many CPU cores instead of what is detected (tests, odd hosts).")
  double capacityCpus;

  @Option(
      names = "--capacity-memory",
      paramLabel = "SIZE",
      description = "Report this much memory instead of what is detected, e.g. 8g.")
  String capacityMemory;

  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT|off",
      description =
          "Where /metrics (Prometheus text) is served; off disables it (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:9471")
  String metricsListen;

  @Option(
      names = "--metrics-interval",
      paramLabel = "DURATION",
      description = "How often containers and the node are sampled (default: ${DEFAULT-VALUE}).",
      defaultValue = "5s")
  String metricsInterval;

  @Option(
      names = "--mesh-listen-address",
      paramLabel = "HOST",
      description =
          "Address the routing mesh listens on for published ports (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.0.0.0")
  String meshListenAddress;

  @Option(
      names = "--no-mesh",
      description =
          "Do not run the routing mesh: the runtime publishes container ports itself and no"
              + " service traffic is counted.")
  boolean noMesh;

  private ConfigFile config = ConfigFile.empty(ConfigDefaults.SYSTEM_CONFIG);
  private Map<String, String> env = Map.of();

  @Override
  public Integer call() throws InterruptedException {
    if (engines == null || engines.isEmpty()) {
      throw new UserError(
          "no engine address is configured; pass --engine HOST:PORT, set BANYAN_ENGINE, or set"
              + " agent.engine in "
              + config.path()
              + ".",
          ExitCodes.BAD_USAGE);
    }
    config.requirePrivateIfSecret();
    AgentConfig agentConfig =
        new AgentConfig(
            engines,
            nodeName == null || nodeName.isBlank() ? hostName() : nodeName,
            runtime,
            ociRuntime,
            listenAddress(listen),
            advertiseAddress == null ? NodeFacts.defaultAdvertiseAddress() : advertiseAddress,
            labels,
            dataDir,
            password(),
            resyncPeriod,
            !noVpc,
            resourceSettings(),
            metricsConfig());
    Agent agent;
    try {
      agent = Agent.start(agentConfig);
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      throw new UserError(e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "agent-shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }

  private NodeResourceSettings resourceSettings() {
    if (reserveCpus < 0 || capacityCpus < 0) {
      throw new UserError(
          "--reserve-cpus and --capacity-cpus cannot be negative", ExitCodes.BAD_USAGE);
    }
    long capacity = capacityMemory == null ? 0 : size("--capacity-memory", capacityMemory);
    return new NodeResourceSettings(
        capacityCpus, capacity, reserveCpus, size("--reserve-memory", reserveMemory));
  }

  private static long size(String option, String text) {
    return ByteSizes.parse(text)
        .orElseThrow(
            () ->
                new UserError(
                    option + " '" + text + "' is not a size; use e.g. 256m or 8g",
                    ExitCodes.BAD_USAGE));
  }

  private MetricsConfig metricsConfig() {
    Duration interval = Durations.parse("--metrics-interval", metricsInterval);
    if (interval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new UserError("--metrics-interval must be at least 100ms; the default is 5s");
    }
    return new MetricsConfig(
        MetricsHttpServer.parseListen("--metrics-listen", metricsListen),
        interval,
        !noMesh,
        meshListenAddress);
  }

  private Optional<String> password() {
    if (passwordFile != null) {
      try {
        return Optional.of(Files.readString(passwordFile).strip());
      } catch (IOException e) {
        throw new UserError(
            "cannot read the password file " + passwordFile + "; check the path and permissions");
      }
    }
    return ClusterSecrets.clientPassword(config, env);
  }

  static InetSocketAddress listenAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new UserError("--listen needs HOST:PORT, e.g. 127.0.0.1:7071; got '" + hostPort + "'");
    }
    try {
      return new InetSocketAddress(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new UserError("--listen needs HOST:PORT, e.g. 127.0.0.1:7071; got '" + hostPort + "'");
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  public static void main(String[] args) {
    // The agent's gRPC traffic is light (assignments, status batches, log streams): Netty's pooled
    // buffer arenas cost it about 11 MiB of resident memory for nothing (docs/benchmarks.md).
    // Before any Netty class loads; -D on the command line still wins.
    String allocator = "io.grpc.netty.shaded.io.netty.allocator.type";
    if (System.getProperty(allocator) == null) {
      System.setProperty(allocator, "unpooled");
    }
    System.exit(run(args, System.getenv()));
  }

  /** Runs the agent with its config file and environment; returns the exit code. */
  static int run(String[] args, Map<String, String> env) {
    AgentMain main = new AgentMain();
    return Commands.execute(
        Commands.create(main),
        args,
        cmd -> {
          main.config =
              ConfigDefaults.install(
                  cmd, args, "agent", env, List.of(ConfigDefaults.SYSTEM_CONFIG));
          main.env = Map.copyOf(env);
        });
  }
}
