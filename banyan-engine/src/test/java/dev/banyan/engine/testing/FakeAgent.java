package dev.banyan.engine.testing;

import dev.banyan.proto.v1.AssignmentsMessage;
import dev.banyan.proto.v1.AssignmentsRequest;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.HeartbeatRequest;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.RegisterRequest;
import dev.banyan.proto.v1.RegisterResponse;
import dev.banyan.proto.v1.ReportStatusRequest;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import dev.banyan.proto.v1.TaskStatusUpdate;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test client that speaks the Dispatcher protocol like an agent: registers, heartbeats, follows
 * its assignments and (optionally) reports RUNNING / SHUTDOWN as a real agent would.
 */
public final class FakeAgent implements AutoCloseable {
  private final String name;
  private final String agentAddress;
  private final ManagedChannel channel;
  private final DispatcherGrpc.DispatcherBlockingStub stub;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private final Map<String, Task> assigned = new ConcurrentHashMap<>();
  private final Map<String, TaskState> reported = new ConcurrentHashMap<>();
  public final List<AssignmentsMessage> messages = new CopyOnWriteArrayList<>();
  public volatile Status streamEnd;
  private volatile boolean autoReport = true;
  private volatile RegisterResponse session;
  private ScheduledFuture<?> heartbeat;

  public FakeAgent(int enginePort, String name, String agentAddress) {
    this.name = name;
    this.agentAddress = agentAddress;
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", enginePort).usePlaintext().build();
    this.stub = DispatcherGrpc.newBlockingStub(channel);
  }

  /** Registers, starts heartbeats every 500 ms and follows the assignment stream. */
  public synchronized FakeAgent register() {
    session =
        stub.register(
            RegisterRequest.newBuilder()
                .setNodeName(name)
                .setAgentAddress(agentAddress)
                .setHostAddress("127.0.0.1")
                .setCapacity(NodeResources.newBuilder().setCpuCores(16).setMemoryBytes(16L << 30))
                .setRuntime("fake")
                .build());
    messages.clear();
    assigned.clear();
    streamEnd = null;
    startHeartbeats();
    DispatcherGrpc.newStub(channel)
        .assignments(
            AssignmentsRequest.newBuilder().setSessionId(session.getSessionId()).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(AssignmentsMessage m) {
                onAssignments(m);
              }

              @Override
              public void onError(Throwable t) {
                streamEnd = Status.fromThrowable(t);
              }

              @Override
              public void onCompleted() {
                streamEnd = Status.OK;
              }
            });
    return this;
  }

  public RegisterResponse session() {
    return session;
  }

  public String name() {
    return name;
  }

  public synchronized void startHeartbeats() {
    stopHeartbeats();
    String id = session.getSessionId();
    heartbeat =
        heartbeats.scheduleWithFixedDelay(
            () -> {
              try {
                stub.heartbeat(
                    HeartbeatRequest.newBuilder()
                        .setSessionId(id)
                        .setCapacity(
                            NodeResources.newBuilder().setCpuCores(16).setMemoryBytes(16L << 30))
                        .build());
              } catch (RuntimeException e) {
                // an expired session: the test decides what to do
              }
            },
            0,
            500,
            TimeUnit.MILLISECONDS);
  }

  /** Simulates a dead agent (kill -9): no more heartbeats. */
  public synchronized void stopHeartbeats() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
    }
  }

  public void autoReport(boolean on) {
    autoReport = on;
  }

  private synchronized void onAssignments(AssignmentsMessage m) {
    messages.add(m);
    if (m.getType() == AssignmentsMessage.Type.TYPE_COMPLETE) {
      assigned.clear();
    }
    m.getTasksList().forEach(t -> assigned.put(t.getId(), t));
    m.getRemovedTaskIdsList().forEach(assigned::remove);
    if (!autoReport) {
      return;
    }
    for (Task t : m.getTasksList()) {
      TaskState want =
          t.getDesiredState() == TaskState.TASK_STATE_SHUTDOWN
              ? TaskState.TASK_STATE_SHUTDOWN
              : TaskState.TASK_STATE_RUNNING;
      if (reported.get(t.getId()) != want) {
        report(t.getId(), want, 0);
      }
    }
  }

  /** The node's current task set as the stream describes it. */
  public Map<String, Task> assigned() {
    return Map.copyOf(assigned);
  }

  public void report(String taskId, TaskState state, int restarts) {
    reported.put(taskId, state);
    stub.reportStatus(
        ReportStatusRequest.newBuilder()
            .setSessionId(session.getSessionId())
            .addUpdates(
                TaskStatusUpdate.newBuilder()
                    .setTaskId(taskId)
                    .setStatus(TaskStatus.newBuilder().setState(state).setRestartCount(restarts)))
            .build());
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    channel.shutdownNow();
  }
}
