package dev.banyan.agent.testing;

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
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskStatus;
import dev.banyan.proto.v1.TaskStatusUpdate;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An engine stand-in for agent tests: a real gRPC server on a loopback port that hands out
 * sessions, streams a settable assignment set and records reported statuses.
 */
public final class FakeDispatcher extends DispatcherGrpc.DispatcherImplBase
    implements AutoCloseable {
  private final Server server;
  private volatile String sessionId = "";
  private volatile String token = "";
  private final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
  private final Map<String, TaskStatus> latest = new ConcurrentHashMap<>();
  private final List<TaskStatusUpdate> history = new CopyOnWriteArrayList<>();
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private volatile StreamObserver<AssignmentsMessage> stream;

  public FakeDispatcher() throws IOException {
    server = NettyServerBuilder.forPort(0).addService(this).build().start();
  }

  public int port() {
    return server.getPort();
  }

  public String token() {
    return token;
  }

  public List<RegisterRequest> registrations() {
    return registrations;
  }

  public Map<String, TaskStatus> latest() {
    return latest;
  }

  public List<TaskStatusUpdate> history() {
    return history;
  }

  /** Replaces the node's assignment set and streams it as a complete set. */
  public synchronized void setTasks(List<Task> newTasks) {
    tasks.clear();
    newTasks.forEach(t -> tasks.put(t.getId(), t));
    sendComplete();
  }

  private synchronized void sendComplete() {
    StreamObserver<AssignmentsMessage> s = stream;
    if (s != null) {
      s.onNext(
          AssignmentsMessage.newBuilder()
              .setType(AssignmentsMessage.Type.TYPE_COMPLETE)
              .addAllTasks(new ArrayList<>(tasks.values()))
              .build());
    }
  }

  @Override
  public void register(RegisterRequest req, StreamObserver<RegisterResponse> out) {
    registrations.add(req);
    sessionId = UUID.randomUUID().toString();
    token = UUID.randomUUID().toString();
    out.onNext(
        RegisterResponse.newBuilder()
            .setSessionId(sessionId)
            .setSessionToken(token)
            .setHeartbeatPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(1))
            .build());
    out.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest req, StreamObserver<HeartbeatResponse> out) {
    if (!req.getSessionId().equals(sessionId)) {
      out.onError(Status.NOT_FOUND.withDescription("no such session").asRuntimeException());
      return;
    }
    out.onNext(HeartbeatResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void assignments(AssignmentsRequest req, StreamObserver<AssignmentsMessage> out) {
    if (!req.getSessionId().equals(sessionId)) {
      out.onError(Status.NOT_FOUND.withDescription("no such session").asRuntimeException());
      return;
    }
    stream = out;
    sendComplete();
  }

  /** Every agent follows the network stream (for depends_on); an empty picture keeps it open. */
  @Override
  public void network(NetworkRequest req, StreamObserver<NetworkSnapshot> out) {
    if (!req.getSessionId().equals(sessionId)) {
      out.onError(Status.NOT_FOUND.withDescription("no such session").asRuntimeException());
      return;
    }
    out.onNext(NetworkSnapshot.getDefaultInstance());
  }

  @Override
  public void reportStatus(ReportStatusRequest req, StreamObserver<ReportStatusResponse> out) {
    for (TaskStatusUpdate u : req.getUpdatesList()) {
      history.add(u);
      latest.put(u.getTaskId(), u.getStatus());
    }
    out.onNext(ReportStatusResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
