package dev.banyan.agent.engine;

import dev.banyan.agent.mesh.MeshProxy;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.MeshEndpointsRequest;
import dev.banyan.proto.v1.MeshEndpointsResponse;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the routing mesh: asks the engine for the cluster's published ports and replicas every
 * {@code period} while a session is up. Polling keeps it level-triggered: a missed change is
 * repaired by the next answer.
 */
public final class MeshEndpointsPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeshEndpointsPoller.class);

  private final EngineEndpoints engines;
  private final Supplier<Optional<Session>> session;
  private final MeshProxy mesh;
  private final Duration period;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mesh-endpoints");
            t.setDaemon(true);
            return t;
          });

  public MeshEndpointsPoller(
      EngineEndpoints engines,
      Supplier<Optional<Session>> session,
      MeshProxy mesh,
      Duration period) {
    this.engines = engines;
    this.session = session;
    this.mesh = mesh;
    this.period = period;
  }

  /** Starts polling. */
  public MeshEndpointsPoller start() {
    timer.scheduleWithFixedDelay(this::poll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void poll() {
    Optional<Session> s = session.get();
    if (s.isEmpty()) {
      return;
    }
    try {
      MeshEndpointsResponse r =
          DispatcherGrpc.newBlockingStub(engines.channel())
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .meshEndpoints(MeshEndpointsRequest.newBuilder().setSessionId(s.get().id()).build());
      mesh.update(r.getServicesList());
    } catch (StatusRuntimeException e) {
      // The session logic (heartbeats) decides about failing over; keep the last endpoints.
      log.debug("mesh endpoints unavailable: {}", e.getStatus());
    } catch (RuntimeException e) {
      log.warn("updating the mesh failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
