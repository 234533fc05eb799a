package dev.banyan.engine.dispatcher;

import com.google.protobuf.Duration;
import dev.banyan.common.cli.UserError;
import dev.banyan.engine.metrics.MetricsStore;
import dev.banyan.engine.network.NodeSubnets;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreUnavailableException;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.proto.v1.AssignmentsMessage;
import dev.banyan.proto.v1.AssignmentsRequest;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.HeartbeatRequest;
import dev.banyan.proto.v1.HeartbeatResponse;
import dev.banyan.proto.v1.NetworkRequest;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.RegisterRequest;
import dev.banyan.proto.v1.RegisterResponse;
import dev.banyan.proto.v1.ReportStatusRequest;
import dev.banyan.proto.v1.ReportStatusResponse;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.ipam.SubnetExhaustedException;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent-facing gRPC service: thin endpoints over {@link Sessions} and the store. */
public final class DispatcherService extends DispatcherGrpc.DispatcherImplBase {
  private static final Logger log = LoggerFactory.getLogger(DispatcherService.class);

  private final ClusterStore store;
  private final Sessions sessions;
  private final StatusReports reports;
  private final NodeSubnets subnets;
  private final ScheduledExecutorService networkTimer;
  private final MetricsStore metrics;

  /**
   * @param subnets leases node subnets on registration
   * @param networkTimer runs the coalesced sends of the network streams
   * @param metrics keeps the metrics samples agents send with their heartbeats
   */
  public DispatcherService(
      ClusterStore store,
      Sessions sessions,
      NodeSubnets subnets,
      ScheduledExecutorService networkTimer,
      MetricsStore metrics) {
    this.store = store;
    this.sessions = sessions;
    this.reports = new StatusReports(store);
    this.subnets = subnets;
    this.networkTimer = networkTimer;
    this.metrics = metrics;
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
    String name = request.getNodeName();
    if (name.isEmpty() || name.contains("/") || name.length() > 253) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "node name '" + name + "' is not valid; use a non-empty name without '/'")
              .asRuntimeException());
      return;
    }
    unary(
        out,
        () -> {
          Cidr subnet = subnets.claim(name);
          Session session = sessions.register(request, subnet.toString());
          log.info("node {} registered (session {}, subnet {})", name, session.getId(), subnet);
          return RegisterResponse.newBuilder()
              .setSessionId(session.getId())
              .setSubnet(subnet.toString())
              .setClusterCidr(subnets.clusterCidr().toString())
              .setSessionToken(session.getToken())
              .setHeartbeatPeriod(duration(jittered(sessions.config().heartbeatPeriod())))
              .build();
        });
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    unary(
        out,
        () -> {
          Session session =
              sessions.heartbeat(request.getSessionId(), request.getCapacity(), request.getUsage());
          if (request.hasMetrics()) {
            metrics.put(session.getNode(), request.getMetrics());
          }
          return HeartbeatResponse.newBuilder()
              .setHeartbeatPeriod(duration(jittered(sessions.config().heartbeatPeriod())))
              .build();
        });
  }

  @Override
  public void assignments(AssignmentsRequest request, StreamObserver<AssignmentsMessage> out) {
    try {
      Session session = sessions.require(request.getSessionId());
      new AssignmentStream(store, session, (ServerCallStreamObserver<AssignmentsMessage>) out)
          .start();
    } catch (RuntimeException e) {
      out.onError(toStatus(e).asRuntimeException());
    }
  }

  @Override
  public void network(NetworkRequest request, StreamObserver<NetworkSnapshot> out) {
    try {
      Session session = sessions.require(request.getSessionId());
      new NetworkStream(
              store,
              session,
              subnets.clusterCidr().toString(),
              (ServerCallStreamObserver<NetworkSnapshot>) out,
              networkTimer)
          .start();
    } catch (RuntimeException e) {
      out.onError(toStatus(e).asRuntimeException());
    }
  }

  @Override
  public void reportStatus(ReportStatusRequest request, StreamObserver<ReportStatusResponse> out) {
    unary(
        out,
        () -> {
          Session session = sessions.require(request.getSessionId());
          reports.apply(session, request.getUpdatesList());
          return ReportStatusResponse.getDefaultInstance();
        });
  }

  private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e).asRuntimeException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  static Status toStatus(RuntimeException e) {
    if (e instanceof SessionExpiredException) {
      return Status.NOT_FOUND.withDescription(e.getMessage());
    }
    if (e instanceof SubnetExhaustedException || e instanceof UserError) {
      return Status.FAILED_PRECONDITION.withDescription(e.getMessage());
    }
    if (e instanceof StoreUnavailableException) {
      return Status.UNAVAILABLE.withDescription(
          "the engine cannot reach etcd; retry shortly or check etcd");
    }
    log.warn("dispatcher call failed", e);
    return Status.INTERNAL.withDescription("the engine failed: " + e);
  }

  /**
   * Up to 10% shorter than configured, so agents restarted together do not heartbeat in lockstep
   * (never longer, which would eat into the node timeout).
   */
  static java.time.Duration jittered(java.time.Duration period) {
    long millis = period.toMillis();
    return java.time.Duration.ofMillis(
        millis - ThreadLocalRandom.current().nextLong(Math.max(1, millis / 10)));
  }

  private static Duration duration(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
