package dev.banyan.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A whole Banyan cluster on this machine made of real processes: etcd, one engine and N agents
 * (distinct node names sharing the machine's podman). Everything it starts it also removes in
 * {@link #close()}, including the containers its agents created, even when a test fails.
 */
public final class TestCluster implements AutoCloseable {
  private final String runId = UUID.randomUUID().toString().substring(0, 6);
  private final Path dir;
  private final Path logs;
  private final int etcdClientPort = Ports.free();
  private final int etcdPeerPort = Ports.free();
  private final int enginePort = Ports.free();
  private final int engineMetricsPort = Ports.free();
  private final List<Integer> agentMetricsPorts = new ArrayList<>();
  private final ManagedProcess etcd;
  private final ManagedProcess engine;
  // A second engine on the same etcd (active-active), only when a test asks for one.
  private final java.util.Optional<ManagedProcess> standby;
  private final int standbyPort = Ports.free();
  private final List<ManagedProcess> agents = new ArrayList<>();
  private final List<String> nodeNames = new ArrayList<>();
  private final String password = "e2e-" + UUID.randomUUID();
  private final Path config;

  /**
   * What every agent declares unless a test says otherwise (8 CPUs, 8 GiB), so that tests do not
   * depend on the size of the machine they run on.
   */
  public static final List<String> DEFAULT_AGENT_CAPACITY =
      List.of("--capacity-cpus", "8", "--capacity-memory", "8g");

  private TestCluster(
      String testName,
      List<List<String>> agentArgs,
      List<String> extraEngineArgs,
      boolean withStandby) {
    int agentCount = agentArgs.size();
    try {
      dir = Files.createTempDirectory("banyan-e2e-" + runId + "-");
      logs = Binaries.home().resolve("e2e-tests/target/e2e-logs/" + testName + "-" + runId);
      Files.createDirectories(logs);
      // One config file for every process, as on a single machine: the engine hashes the
      // password at start-up, agents and the CLI send it.
      config = dir.resolve("banyan.yaml");
      Files.writeString(config, "security:\n  password: " + password + "\n");
      Files.setPosixFilePermissions(
          config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    etcd =
        new ManagedProcess(
            "etcd",
            List.of(
                "etcd",
                "--name",
                "banyan-e2e-" + runId,
                "--data-dir",
                dir.resolve("etcd").toString(),
                "--listen-client-urls",
                "http://127.0.0.1:" + etcdClientPort,
                "--advertise-client-urls",
                "http://127.0.0.1:" + etcdClientPort,
                "--listen-peer-urls",
                "http://127.0.0.1:" + etcdPeerPort,
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:" + etcdPeerPort,
                "--initial-cluster",
                "banyan-e2e-" + runId + "=http://127.0.0.1:" + etcdPeerPort),
            Map.of(),
            logs);
    List<String> engineCommand =
        new ArrayList<>(
            List.of(
                Binaries.wrapper("banyan-engine").toString(),
                "--listen",
                engineAddress(),
                "--etcd-endpoints",
                "http://127.0.0.1:" + etcdClientPort,
                "--data-dir",
                dir.resolve("engine").toString(),
                // Free ports: several clusters (and other tests) share this machine.
                "--metrics-listen",
                engineMetricsAddress()));
    engineCommand.addAll(extraEngineArgs);
    engine =
        new ManagedProcess(
            "engine",
            engineCommand,
            Map.of("BANYAN_LOG_LEVEL", "debug", "BANYAN_CONFIG", config.toString()),
            logs);
    standby =
        withStandby
            ? java.util.Optional.of(
                new ManagedProcess(
                    "engine-2",
                    List.of(
                        Binaries.wrapper("banyan-engine").toString(),
                        "--listen",
                        "127.0.0.1:" + standbyPort,
                        "--etcd-endpoints",
                        "http://127.0.0.1:" + etcdClientPort,
                        "--data-dir",
                        dir.resolve("engine-2").toString(),
                        "--metrics-listen",
                        "127.0.0.1:" + Ports.free()),
                    Map.of("BANYAN_LOG_LEVEL", "debug", "BANYAN_CONFIG", config.toString()),
                    logs))
            : java.util.Optional.empty();
    for (int i = 1; i <= agentCount; i++) {
      String node = "e2e-" + runId + "-n" + i;
      nodeNames.add(node);
      int metricsPort = Ports.free();
      agentMetricsPorts.add(metricsPort);
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              Binaries.wrapper("banyan-agent").toString(),
              "--engine",
              engineAddresses(),
              "--node-name",
              node,
              "--runtime",
              "podman",
              "--listen",
              "127.0.0.1:" + Ports.free(),
              "--advertise-address",
              "127.0.0.1",
              "--data-dir",
              dir.resolve("agent-" + i).toString(),
              "--metrics-listen",
              "127.0.0.1:" + metricsPort,
              // All agents share one network namespace and one podman here, where per-node
              // VPC bridges would collide; VpcNetworkingIT gives each agent its own namespace.
              "--no-vpc"));
      command.addAll(agentArgs.get(i - 1));
      agents.add(
          new ManagedProcess(
              "agent-" + i,
              command,
              Map.of("BANYAN_LOG_LEVEL", "debug", "BANYAN_CONFIG", config.toString()),
              logs));
    }
  }

  /** Starts etcd, the engine and {@code agentCount} agents, and waits until every node is READY. */
  public static TestCluster start(String testName, int agentCount) {
    return start(testName, agentCount, List.of());
  }

  /** As {@link #start(String, int)}, with extra engine options (e.g. a short retention). */
  public static TestCluster start(String testName, int agentCount, List<String> extraEngineArgs) {
    return start(
        testName,
        java.util.Collections.nCopies(agentCount, DEFAULT_AGENT_CAPACITY),
        extraEngineArgs,
        false);
  }

  /**
   * Like {@link #start}, with one agent per entry of {@code agentArgs}, each started with those
   * extra flags (e.g. {@code --capacity-cpus 2}).
   */
  public static TestCluster startWithAgentArgs(String testName, List<List<String>> agentArgs) {
    return start(testName, agentArgs, List.of(), false);
  }

  /**
   * Like {@link #start(String, int)} with two engines on the same etcd; agents and the CLI are
   * given both addresses, the first engine's first.
   */
  public static TestCluster startWithTwoEngines(String testName, int agentCount) {
    return start(
        testName,
        java.util.Collections.nCopies(agentCount, DEFAULT_AGENT_CAPACITY),
        List.of(),
        true);
  }

  private static TestCluster start(
      String testName,
      List<List<String>> agentArgs,
      List<String> extraEngineArgs,
      boolean withStandby) {
    int agentCount = agentArgs.size();
    Podman.buildTestImage();
    TestCluster cluster = new TestCluster(testName, agentArgs, extraEngineArgs, withStandby);
    try {
      cluster.etcd.start();
      cluster.engine.start();
      if (cluster.standby.isPresent()) {
        // The first engine leads, so that killing it exercises the standby's take-over.
        Awaitility.await("the first engine runs the controllers")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> cluster.engine.tail(Integer.MAX_VALUE).contains("now runs the controllers"));
        cluster.standby.get().start();
      }
      cluster.agents.forEach(ManagedProcess::start);
      cluster.awaitNodesReady(agentCount);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  public String engineAddress() {
    return "127.0.0.1:" + enginePort;
  }

  /** Every engine's address, comma-separated, as agents and the CLI are given them. */
  public String engineAddresses() {
    return standby.isPresent() ? engineAddress() + ",127.0.0.1:" + standbyPort : engineAddress();
  }

  /** The second engine of {@link #startWithTwoEngines}. */
  public ManagedProcess standbyEngine() {
    return standby.orElseThrow();
  }

  /** HOST:PORT of the engine's /metrics and /api/v1/metrics. */
  public String engineMetricsAddress() {
    return "127.0.0.1:" + engineMetricsPort;
  }

  /** HOST:PORT of agent {@code index}'s /metrics (index from 0). */
  public String agentMetricsAddress(int index) {
    return "127.0.0.1:" + agentMetricsPorts.get(index);
  }

  public String etcdEndpoint() {
    return "http://127.0.0.1:" + etcdClientPort;
  }

  public List<String> nodeNames() {
    return List.copyOf(nodeNames);
  }

  public ManagedProcess etcd() {
    return etcd;
  }

  public ManagedProcess engine() {
    return engine;
  }

  public ManagedProcess agent(int index) {
    return agents.get(index);
  }

  public Path workDir() {
    return dir;
  }

  /** Runs {@code banyan-cli} against this cluster's engine, with the cluster's password. */
  public ProcessResult cli(String... args) {
    return Binaries.run("banyan-cli", List.of(args), cliEnvironment(), null);
  }

  /** Runs {@code banyan-cli} with exactly the environment given (e.g. no or a wrong password). */
  public ProcessResult cliWith(Map<String, String> env, String... args) {
    return Binaries.run("banyan-cli", List.of(args), env, null);
  }

  /** What a configured operator's shell has: the engine address and the config file. */
  public Map<String, String> cliEnvironment() {
    return Map.of("BANYAN_ENGINE", engineAddresses(), "BANYAN_CONFIG", config.toString());
  }

  public String password() {
    return password;
  }

  public Path configFile() {
    return config;
  }

  /** Runs {@code banyan-cli} from {@code workingDir}, e.g. to deploy a banyan.yaml found there. */
  public ProcessResult cliIn(Path workingDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Binaries.wrapper("banyan-cli").toString());
    command.addAll(List.of(args));
    return Binaries.execIn(workingDir, command, cliEnvironment());
  }

  /** Waits until {@code count} nodes are READY according to {@code banyan-cli nodes}. */
  public void awaitNodesReady(int count) {
    NodesReady.await(count, () -> cli("nodes"), this::diagnostics);
  }

  /** Every container of this cluster's agents (running or not), as podman sees them. */
  public List<Podman.Container> containers() {
    List<Podman.Container> all = new ArrayList<>();
    for (String node : nodeNames) {
      all.addAll(Podman.containers("banyan.node", node));
    }
    return all;
  }

  /** Logs of all processes, for a failing test's message. */
  public String diagnostics() {
    StringBuilder text = new StringBuilder();
    Map<String, ManagedProcess> all = new HashMap<>();
    all.put("etcd", etcd);
    all.put("engine", engine);
    standby.ifPresent(p -> all.put("engine-2", p));
    for (ManagedProcess agent : agents) {
      all.put(agent.name(), agent);
    }
    all.forEach((name, p) -> text.append("\n===== ").append(name).append('\n').append(p.tail(40)));
    return text.toString();
  }

  @Override
  public void close() {
    agents.forEach(ManagedProcess::stop);
    engine.stop();
    standby.ifPresent(ManagedProcess::stop);
    etcd.stop();
    for (String node : nodeNames) {
      Podman.removeAll("banyan.node", node);
    }
    TempDirs.delete(dir);
  }
}
