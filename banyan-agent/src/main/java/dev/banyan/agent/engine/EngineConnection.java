package dev.banyan.agent.engine;

import dev.banyan.agent.reconcile.Reconciler;
import dev.banyan.agent.server.SessionTokens;
import dev.banyan.proto.v1.AssignmentsMessage;
import dev.banyan.proto.v1.AssignmentsRequest;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.HeartbeatRequest;
import dev.banyan.proto.v1.HeartbeatResponse;
import dev.banyan.proto.v1.MetricsSample;
import dev.banyan.proto.v1.NetworkRequest;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeUsage;
import dev.banyan.proto.v1.RegisterRequest;
import dev.banyan.proto.v1.RegisterResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's link to the engines: registers, keeps the session alive with heartbeats, feeds the
 * assignment stream to the reconciler and flushes status batches. Any broken stream or rejected
 * heartbeat leads to a new registration (with back-off, on any engine); it never gives up.
 */
public final class EngineConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);
  // Short on purpose: after an engine restart every agent must register again well within the
  // engine's grace period (three node timeouts), or its tasks would be rescheduled.
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration FULL_RESYNC = Duration.ofSeconds(10);
  // How often pending task statuses are sent: a deploy waits for its RUNNING reports, and an idle
  // flush is a map lookup.
  private static final Duration STATUS_FLUSH = Duration.ofMillis(50);
  private static final int HEARTBEAT_FAILURES_BEFORE_FAILOVER = 3;

  private final EngineEndpoints engines;
  private final RegisterRequest registration;
  private final Supplier<NodeResources> capacity;
  private final Supplier<NodeUsage> usage;
  private final Reconciler reconciler;
  private final SessionTokens tokens;
  private final StatusBatcher statuses;
  private final NetworkListener network;
  private final Supplier<Optional<MetricsSample>> metrics;
  private final ScheduledExecutorService timers =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "engine-connection");
            t.setDaemon(true);
            return t;
          });
  private volatile Optional<Session> session = Optional.empty();
  private volatile boolean closed;
  private volatile CompletableFuture<String> broken = new CompletableFuture<>();
  private volatile Context.CancellableContext streamContext;
  private Thread main;

  /**
   * {@code network} is told about registrations and follows the network stream; {@code metrics}
   * supplies the latest sample, sent with each heartbeat.
   */
  public EngineConnection(
      EngineEndpoints engines,
      RegisterRequest registration,
      Supplier<NodeResources> capacity,
      Supplier<NodeUsage> usage,
      Reconciler reconciler,
      SessionTokens tokens,
      StatusBatcher statuses,
      NetworkListener network,
      Supplier<Optional<MetricsSample>> metrics) {
    this.network = network;
    this.metrics = metrics;
    this.engines = engines;
    this.registration = registration;
    this.capacity = capacity;
    this.usage = usage;
    this.reconciler = reconciler;
    this.tokens = tokens;
    this.statuses = statuses;
  }

  /** The current session, if registered. */
  public Optional<Session> session() {
    return session;
  }

  /** Starts registering in the background. */
  public void start() {
    timers.scheduleWithFixedDelay(
        this::flushStatuses,
        STATUS_FLUSH.toMillis(),
        STATUS_FLUSH.toMillis(),
        TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        () -> reconciler.forEachStatus(statuses),
        FULL_RESYNC.toMillis(),
        FULL_RESYNC.toMillis(),
        TimeUnit.MILLISECONDS);
    main = new Thread(this::run, "engine-session");
    main.setDaemon(true);
    main.start();
  }

  private void flushStatuses() {
    if (!statuses.flush()) {
      // A rejected report is retried on the next flush; the heartbeat decides about the session.
      log.debug("status report failed; will retry");
    }
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    while (!closed) {
      try {
        register();
        backoff = Duration.ofSeconds(1);
        String why = broken.get();
        if (closed) {
          return;
        }
        log.warn("session with {} ended: {}; registering again", engines.address(), why);
      } catch (StatusRuntimeException e) {
        log.warn(
            "cannot register with engine {}: {}; retrying in {}s",
            engines.address(),
            e.getStatus().getCode() + describe(e.getStatus()),
            backoff.toSeconds());
        engines.failOver();
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | RuntimeException e) {
        log.warn("engine session failed: {}", e.toString());
        sleep(backoff);
      } finally {
        endSession();
      }
    }
  }

  private static String describe(Status s) {
    return s.getDescription() == null ? "" : " (" + s.getDescription() + ")";
  }

  private void register() {
    broken = new CompletableFuture<>();
    RegisterRequest req = registration.toBuilder().setCapacity(capacity.get()).build();
    RegisterResponse resp =
        DispatcherGrpc.newBlockingStub(engines.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .register(req);
    // The node's network must exist before the first assignment creates a container on it.
    network.registered(resp);
    Duration period = duration(resp.getHeartbeatPeriod(), Duration.ofSeconds(5));
    Session s = new Session(resp.getSessionId(), resp.getSessionToken(), period, engines.address());
    tokens.set(s.token());
    session = Optional.of(s);
    statuses.setSession(session);
    log.info("registered with engine {} (session {})", s.engine(), s.id());
    openAssignments(s);
    scheduleHeartbeat(s, period, 0);
  }

  private void openAssignments(Session s) {
    Context.CancellableContext ctx = Context.current().withCancellation();
    streamContext = ctx;
    ctx.run(
        () ->
            DispatcherGrpc.newStub(engines.channel())
                .assignments(
                    AssignmentsRequest.newBuilder().setSessionId(s.id()).build(),
                    new StreamObserver<>() {
                      @Override
                      public void onNext(AssignmentsMessage m) {
                        if (m.getType() == AssignmentsMessage.Type.TYPE_COMPLETE) {
                          log.info("engine assigned {} tasks (complete set)", m.getTasksCount());
                          reconciler.replaceDesired(m.getTasksList());
                        } else {
                          reconciler.applyIncrement(m.getTasksList(), m.getRemovedTaskIdsList());
                        }
                      }

                      @Override
                      public void onError(Throwable t) {
                        broken.complete("assignment stream failed: " + Status.fromThrowable(t));
                      }

                      @Override
                      public void onCompleted() {
                        broken.complete("the engine closed the assignment stream");
                      }
                    }));
    if (network.followsNetwork()) {
      ctx.run(() -> openNetwork(s));
    }
  }

  private void openNetwork(Session s) {
    DispatcherGrpc.newStub(engines.channel())
        .network(
            NetworkRequest.newBuilder().setSessionId(s.id()).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(NetworkSnapshot snapshot) {
                try {
                  network.snapshot(snapshot);
                } catch (RuntimeException e) {
                  log.warn("applying the network snapshot failed: {}", e.toString());
                }
              }

              @Override
              public void onError(Throwable t) {
                broken.complete("network stream failed: " + Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                broken.complete("the engine closed the network stream");
              }
            });
  }

  private void scheduleHeartbeat(Session s, Duration period, int failures) {
    if (closed || broken.isDone()) {
      return;
    }
    timers.schedule(() -> heartbeat(s, period, failures), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void heartbeat(Session s, Duration period, int failures) {
    if (closed || broken.isDone() || session.filter(s::equals).isEmpty()) {
      return;
    }
    try {
      HeartbeatRequest.Builder request =
          HeartbeatRequest.newBuilder()
              .setSessionId(s.id())
              .setCapacity(capacity.get())
              .setUsage(usage.get());
      metrics.get().ifPresent(request::setMetrics);
      HeartbeatResponse r =
          DispatcherGrpc.newBlockingStub(engines.channel())
              .withDeadlineAfter(Math.max(2, period.toSeconds()), TimeUnit.SECONDS)
              .heartbeat(request.build());
      scheduleHeartbeat(s, duration(r.getHeartbeatPeriod(), period), 0);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND
          || code == Status.Code.FAILED_PRECONDITION
          || code == Status.Code.UNAUTHENTICATED) {
        broken.complete("heartbeat rejected: " + code + describe(e.getStatus()));
      } else if (failures + 1 >= HEARTBEAT_FAILURES_BEFORE_FAILOVER) {
        engines.failOver();
        broken.complete("heartbeats failed " + (failures + 1) + " times: " + code);
      } else {
        log.warn("heartbeat to {} failed: {}", engines.address(), code);
        scheduleHeartbeat(s, period, failures + 1);
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat failed", e);
      scheduleHeartbeat(s, period, failures + 1);
    }
  }

  private void endSession() {
    session = Optional.empty();
    statuses.setSession(session);
    Context.CancellableContext ctx = streamContext;
    if (ctx != null) {
      ctx.cancel(null);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration duration(com.google.protobuf.Duration d, Duration fallback) {
    Duration v = Duration.ofSeconds(d.getSeconds(), d.getNanos());
    return v.isZero() ? fallback : v;
  }

  /** Stops the streams and timers; the engine sees the session lapse. */
  @Override
  public void close() {
    closed = true;
    broken.complete("agent stopping");
    if (main != null) {
      main.interrupt();
      try {
        main.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    statuses.flush();
    timers.shutdownNow();
  }
}
