package dev.banyan.agent;

import dev.banyan.agent.engine.EngineConnection;
import dev.banyan.agent.engine.EngineEndpoints;
import dev.banyan.agent.engine.NetworkFanout;
import dev.banyan.agent.engine.NetworkListener;
import dev.banyan.agent.engine.StatusBatcher;
import dev.banyan.agent.logs.AgentLogsService;
import dev.banyan.agent.mesh.MeshProxy;
import dev.banyan.agent.mesh.ServiceTrafficMeters;
import dev.banyan.agent.metrics.AgentMeters;
import dev.banyan.agent.metrics.CgroupReader;
import dev.banyan.agent.metrics.MetricsCollector;
import dev.banyan.agent.metrics.MetricsConfig;
import dev.banyan.agent.metrics.NodeSampler;
import dev.banyan.agent.metrics.RuntimeStatsFallback;
import dev.banyan.agent.node.HostLimits;
import dev.banyan.agent.node.NodeFacts;
import dev.banyan.agent.node.UlimitPolicy;
import dev.banyan.agent.reconcile.ContainerSpecTranslator;
import dev.banyan.agent.reconcile.NetworkAttachment;
import dev.banyan.agent.reconcile.ReconcilePlanner;
import dev.banyan.agent.reconcile.Reconciler;
import dev.banyan.agent.runtime.CliContainerRuntime;
import dev.banyan.agent.runtime.ContainerRuntime;
import dev.banyan.agent.runtime.Dialect;
import dev.banyan.agent.runtime.ProcessRunner;
import dev.banyan.agent.runtime.RuntimeSelector;
import dev.banyan.agent.server.AgentServer;
import dev.banyan.agent.server.SessionTokens;
import dev.banyan.agent.vpc.NodeVpc;
import dev.banyan.common.BanyanVersion;
import dev.banyan.common.metrics.MetricsHttpServer;
import dev.banyan.common.metrics.ProcessMeters;
import dev.banyan.proto.v1.MeshService;
import dev.banyan.proto.v1.RegisterRequest;
import dev.banyan.vpc.exec.ProcessCommandExecutor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the object graph wired top to bottom. Closing it stops its streams and servers
 * and leaves the containers running, so a restarted agent adopts them.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final EngineEndpoints engines;
  private final Reconciler reconciler;
  private final AgentServer server;
  private final EngineConnection connection;
  // Small periodic chores: following logs for the engine, retrying mesh ports.
  private final ScheduledExecutorService timers;
  private final SessionTokens tokens;
  private final Optional<NodeVpc> vpc;
  private final PrometheusMeterRegistry registry;
  private final MetricsCollector collector;
  private final Optional<MeshProxy> mesh;
  private final Optional<MetricsHttpServer> metricsServer;
  // Proxied connections at once per agent; each holds two threads while open.
  private static final int MESH_CONNECTIONS = 256;
  // Covers a deploy's last replica being reported and pushed to every agent (about a second).
  private static final Duration MESH_REPLICA_WAIT = Duration.ofSeconds(5);

  private Agent(AgentConfig config) {
    ProcessRunner runner = new ProcessRunner();
    Dialect dialect = new RuntimeSelector(runner).select(config.runtime(), config.ociRuntime());
    ContainerRuntime runtime = new CliContainerRuntime(dialect, runner);
    Clock clock = Clock.systemUTC();
    MetricsConfig metricsConfig = config.metrics();
    HostLimits limits = HostLimits.read();
    UlimitPolicy ulimits = new UlimitPolicy(limits);
    createPrivateDir(config.dataDir());
    Path storage = runtime.storageRoot();
    log.info(
        "node {} uses {}; containers get nofile={} nproc={} by default",
        config.nodeName(),
        runtime.name(),
        ulimits.defaultNofile(),
        ulimits.defaultNproc());

    this.vpc =
        config.vpc()
            ? Optional.of(
                new NodeVpc(
                        config.nodeName(),
                        runtime.name(),
                        new ProcessCommandExecutor(Duration.ofSeconds(30)),
                        Path.of("/etc/resolv.conf"))
                    .start())
            : Optional.empty();
    this.engines = new EngineEndpoints(config.engines(), config.password());
    StatusBatcher statuses = new StatusBatcher(engines);
    this.reconciler =
        new Reconciler(
            config.nodeName(),
            runtime,
            new ReconcilePlanner(ulimits),
            new ContainerSpecTranslator(
                config.nodeName(),
                config.dataDir(),
                ulimits,
                vpc.isPresent() ? vpc.get() : NetworkAttachment.RUNTIME_DEFAULT,
                metricsConfig.mesh()),
            statuses,
            clock,
            config.resyncPeriod());
    this.tokens = new SessionTokens();
    this.timers =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread t = new Thread(r, "agent-timers");
              t.setDaemon(true);
              return t;
            });
    this.server =
        new AgentServer(
                config.listen(),
                tokens,
                new AgentLogsService(runtime, reconciler::view, timers, config.nodeName()))
            .start();
    RegisterRequest registration =
        RegisterRequest.newBuilder()
            .setNodeName(config.nodeName())
            .setAgentAddress(config.advertiseAddress() + ":" + server.port())
            .setHostAddress(config.advertiseAddress())
            .putAllLabels(config.labels())
            .setRuntime(runtime.name())
            .setVersion(BanyanVersion.get())
            .setReserved(config.resources().reserved())
            .build();
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMeters.bindTo(registry);
    ServiceTrafficMeters traffic = new ServiceTrafficMeters(registry, config.nodeName(), clock);
    AgentMeters meters = new AgentMeters(registry, config.nodeName());
    this.collector =
        new MetricsCollector(
            config.nodeName(),
            reconciler::view,
            CgroupReader.host(),
            Path.of("/proc"),
            new RuntimeStatsFallback(dialect.base(), runner),
            new NodeSampler(config.nodeName(), storage, Path.of("/proc")),
            traffic::snapshot,
            meters::update,
            clock,
            metricsConfig.interval());
    this.mesh =
        metricsConfig.mesh()
            ? Optional.of(
                new MeshProxy(
                    metricsConfig.meshListenAddress(),
                    traffic,
                    MESH_CONNECTIONS,
                    MESH_REPLICA_WAIT))
            : Optional.empty();
    NodeResourceSettings resources = config.resources();
    this.connection =
        new EngineConnection(
            engines,
            registration,
            () ->
                NodeFacts.capacity(
                    storage, resources.capacityCpus(), resources.capacityMemoryBytes()),
            () -> NodeFacts.usage(storage, reconciler.view().containersByTask().size()),
            reconciler,
            tokens,
            statuses,
            new NetworkFanout(
                reconciler::replaceClusterEndpoints,
                mesh.<Consumer<List<MeshService>>>map(m -> m::update).orElse(services -> {}),
                vpc.isPresent() ? vpc.get() : NetworkListener.NONE),
            collector::latest);
    this.metricsServer =
        metricsConfig.listen().map(a -> MetricsHttpServer.start(a, registry::scrape, Map.of()));
  }

  /** Builds and starts an agent. */
  public static Agent start(AgentConfig config) {
    Agent agent = new Agent(config);
    agent.reconciler.start();
    agent.connection.start();
    agent.collector.start();
    agent.mesh.ifPresent(
        m -> agent.timers.scheduleWithFixedDelay(m::reopenFailed, 2, 2, TimeUnit.SECONDS));
    log.info("agent listening on port {}", agent.server.port());
    agent.metricsServer.ifPresent(m -> log.info("metrics on port {}", m.port()));
    return agent;
  }

  /** The port of the agent's gRPC server. */
  public int port() {
    return server.port();
  }

  /** The port of the metrics HTTP server, if it runs. */
  public Optional<Integer> metricsPort() {
    return metricsServer.map(MetricsHttpServer::port);
  }

  /** The metrics collector (for benchmarks and tests). */
  public MetricsCollector collector() {
    return collector;
  }

  /** The reconciler (for diagnostics and tests). */
  public Reconciler reconciler() {
    return reconciler;
  }

  /** The current session's token holder. */
  public SessionTokens tokens() {
    return tokens;
  }

  private static void createPrivateDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the agent's data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    mesh.ifPresent(MeshProxy::close);
    collector.close();
    metricsServer.ifPresent(MetricsHttpServer::close);
    connection.close();
    vpc.ifPresent(NodeVpc::close);
    server.close();
    reconciler.close();
    timers.shutdownNow();
    engines.close();
    log.info("agent stopped; containers left running");
  }
}
