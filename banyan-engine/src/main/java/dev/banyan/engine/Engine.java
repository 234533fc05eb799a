package dev.banyan.engine;

import dev.banyan.common.auth.FailureThrottle;
import dev.banyan.common.auth.PasswordServerInterceptor;
import dev.banyan.common.auth.PasswordVerifier;
import dev.banyan.common.metrics.MetricsHttpServer;
import dev.banyan.common.metrics.ProcessMeters;
import dev.banyan.engine.controlapi.ControlService;
import dev.banyan.engine.controlapi.DeploymentService;
import dev.banyan.engine.controlapi.LogsProxy;
import dev.banyan.engine.controlapi.ManifestCompiler;
import dev.banyan.engine.controlapi.NodeService;
import dev.banyan.engine.controlapi.StatusQueries;
import dev.banyan.engine.dispatcher.DispatcherConfig;
import dev.banyan.engine.dispatcher.DispatcherService;
import dev.banyan.engine.dispatcher.NodeFailureHandler;
import dev.banyan.engine.dispatcher.Reaper;
import dev.banyan.engine.dispatcher.Sessions;
import dev.banyan.engine.leader.LeaderElection;
import dev.banyan.engine.metrics.ClusterMeters;
import dev.banyan.engine.metrics.EngineMetricsConfig;
import dev.banyan.engine.metrics.EtcdMetricsStore;
import dev.banyan.engine.metrics.MetricsApi;
import dev.banyan.engine.metrics.MetricsQueries;
import dev.banyan.engine.metrics.MetricsStore;
import dev.banyan.engine.network.ClusterNetworkPlan;
import dev.banyan.engine.network.NodeSubnets;
import dev.banyan.engine.orchestrator.Orchestrator;
import dev.banyan.engine.scheduler.Scheduler;
import dev.banyan.engine.scheduler.SchedulerLoop;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.EtcdClusterStore;
import dev.banyan.engine.store.StoreUnavailableException;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine: the gRPC APIs every engine serves, and the controllers (orchestrator, scheduler,
 * node-failure handler, reaper) that run only while this engine holds the leader lease.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final ClusterStore store;
  private final Server server;
  private final ExecutorService logExecutor = Executors.newCachedThreadPool();
  // The coalesced sends of the agents' network streams and the CLI's status watches.
  private final ScheduledExecutorService streamTimer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stream-sends");
            t.setDaemon(true);
            return t;
          });
  private final NodeSubnets subnets;
  private final Controllers controllers;
  private final LeaderElection election;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final PrometheusMeterRegistry registry;
  private final ClusterMeters clusterMeters;
  private final MetricsStore metricsStore;
  private final EngineMetricsConfig metricsConfig;
  private final MetricsApi metricsApi;
  private volatile Optional<MetricsHttpServer> metricsServer = Optional.empty();

  /** An engine that asks for no password (tests of the engine's own logic). */
  public Engine(EngineConfig config, ClusterStore store, Clock clock) {
    this(
        config,
        EngineMetricsConfig.defaults(),
        store,
        clock,
        ClusterNetworkPlan.unspecified(),
        Optional.empty());
  }

  /** An engine that asks for no password, with a network plan (tests). */
  public Engine(
      EngineConfig config, ClusterStore store, Clock clock, ClusterNetworkPlan networkPlan) {
    this(config, EngineMetricsConfig.defaults(), store, clock, networkPlan, Optional.empty());
  }

  /** An engine that asks for no password, with metrics settings (tests). */
  public Engine(
      EngineConfig config, EngineMetricsConfig metricsConfig, ClusterStore store, Clock clock) {
    this(config, metricsConfig, store, clock, ClusterNetworkPlan.unspecified(), Optional.empty());
  }

  /**
   * An engine whose APIs require the cluster password when {@code auth} is given, as every engine
   * started from the command line does.
   *
   * @param metricsConfig the metrics HTTP endpoint and the retention of agents' samples
   * @param networkPlan the cluster CIDR and node subnet size asked for on the command line; the
   *     first engine of a cluster stores them, later ones must agree
   */
  public Engine(
      EngineConfig config,
      EngineMetricsConfig metricsConfig,
      ClusterStore store,
      Clock clock,
      ClusterNetworkPlan networkPlan,
      Optional<PasswordVerifier> auth) {
    this.store = store;
    this.subnets = new NodeSubnets(store, networkPlan);
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessMeters.bindTo(registry);
    this.clusterMeters = new ClusterMeters(store, registry, Duration.ofSeconds(5));
    this.metricsStore = metricsStore(store, metricsConfig, clock);
    MetricsQueries metricsQueries = new MetricsQueries(metricsStore, clock, Duration.ofMinutes(1));
    this.metricsConfig = metricsConfig;
    this.metricsApi = new MetricsApi(metricsQueries);
    DispatcherConfig dispatcherConfig =
        new DispatcherConfig(config.heartbeatPeriod(), config.nodeTimeout());
    Sessions sessions = new Sessions(store, dispatcherConfig, clock);
    ControlService control =
        new ControlService(
            new DeploymentService(store, clock, config.taskDefaults()),
            new NodeService(store, Optional.of(subnets)),
            new StatusQueries(store, streamTimer, config.taskDefaults()),
            new LogsProxy(store, logExecutor),
            ManifestCompiler.standard(),
            Optional.of(metricsQueries),
            clusterMeters::deployed);
    List<ServerInterceptor> interceptors =
        auth
            .<ServerInterceptor>map(
                verifier -> new PasswordServerInterceptor(verifier, new FailureThrottle(clock)))
            .stream()
            .toList();
    this.server =
        NettyServerBuilder.forAddress(config.listen())
            .addService(
                ServerInterceptors.intercept(
                    new DispatcherService(store, sessions, subnets, streamTimer, metricsStore),
                    interceptors))
            .addService(ServerInterceptors.intercept(control, interceptors))
            .build();
    this.controllers = new Controllers(store, clock, config, clusterMeters);
    this.election =
        new LeaderElection(
            store,
            UUID.randomUUID().toString(),
            config.leaderTtl(),
            controllers::start,
            controllers::stop);
  }

  /** Serves the APIs and starts campaigning for the controllers. */
  public Engine start() {
    // First, so that a taken metrics port stops the engine before it serves anything.
    metricsServer =
        metricsConfig
            .listen()
            .map(
                a ->
                    MetricsHttpServer.start(
                        a, registry::scrape, Map.of("/api/v1/metrics", metricsApi::handle)));
    try {
      var allocator = subnets.allocator();
      log.info(
          "cluster network {} with /{} node subnets",
          allocator.clusterCidr(),
          allocator.subnetPrefix());
    } catch (StoreUnavailableException e) {
      log.warn("etcd is unreachable; the cluster network plan is read on the first registration");
    }
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    election.start();
    clusterMeters.start();
    log.info("engine listening on port {}", server.getPort());
    metricsServer.ifPresent(m -> log.info("metrics on port {}", m.port()));
    return this;
  }

  private static MetricsStore metricsStore(
      ClusterStore store, EngineMetricsConfig config, Clock clock) {
    if (store instanceof EtcdClusterStore etcd) {
      return new EtcdMetricsStore(etcd.client(), config.retention(), config.spacing(), clock);
    }
    throw new IllegalArgumentException("metrics need the etcd cluster store");
  }

  /** The port of the metrics HTTP server, if it runs. */
  public Optional<Integer> metricsPort() {
    return metricsServer.map(MetricsHttpServer::port);
  }

  /** The port the gRPC server listens on (useful when configured with port 0). */
  public int port() {
    return server.getPort();
  }

  public boolean isLeader() {
    return election.isLeader();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops serving (letting calls finish for a few seconds), steps down, closes the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    metricsServer.ifPresent(MetricsHttpServer::close);
    clusterMeters.close();
    election.stop();
    logExecutor.shutdownNow();
    streamTimer.shutdownNow();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    store.close();
    log.info("engine stopped");
  }

  /** The leader-only control loops, started and stopped together. */
  private static final class Controllers {
    private final Orchestrator orchestrator;
    private final SchedulerLoop scheduler;
    private final NodeFailureHandler nodeFailure;
    private final Reaper reaper;

    Controllers(ClusterStore store, Clock clock, EngineConfig config, ClusterMeters meters) {
      this.orchestrator = new Orchestrator(store, clock, config.controllerTick());
      this.scheduler =
          new SchedulerLoop(
              store,
              Scheduler.standard(),
              config.taskDefaults(),
              config.controllerTick(),
              meters::scheduled,
              clock);
      this.nodeFailure =
          new NodeFailureHandler(store, config.controllerTick(), clock, config.failureGrace());
      this.reaper = new Reaper(store, config.controllerTick());
    }

    synchronized void start() {
      nodeFailure.start();
      orchestrator.start();
      scheduler.start();
      reaper.start();
    }

    synchronized void stop() {
      reaper.stop();
      scheduler.stop();
      orchestrator.stop();
      nodeFailure.stop();
    }
  }
}
