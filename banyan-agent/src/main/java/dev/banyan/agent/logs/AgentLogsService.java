package dev.banyan.agent.logs;

import dev.banyan.agent.reconcile.NodeView;
import dev.banyan.agent.runtime.ContainerRuntime;
import dev.banyan.agent.runtime.LogQuery;
import dev.banyan.proto.v1.AgentGrpc;
import dev.banyan.proto.v1.AgentLogsRequest;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.Task;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The {@code Agent.StreamLogs} call: the output of the node's tasks, tagged with their identity.
 */
public final class AgentLogsService extends AgentGrpc.AgentImplBase {
  private final ContainerRuntime runtime;
  private final Supplier<NodeView> view;
  private final ScheduledExecutorService poller;
  private final String node;

  public AgentLogsService(
      ContainerRuntime runtime,
      Supplier<NodeView> view,
      ScheduledExecutorService poller,
      String node) {
    this.runtime = runtime;
    this.view = view;
    this.poller = poller;
    this.node = node;
  }

  @Override
  public void streamLogs(AgentLogsRequest req, StreamObserver<LogLine> responses) {
    ServerCallStreamObserver<LogLine> call = (ServerCallStreamObserver<LogLine>) responses;
    List<Task> tasks = select(req, view.get());
    if (tasks.isEmpty()) {
      call.onCompleted();
      return;
    }
    Optional<Instant> since =
        req.hasSince()
            ? Optional.of(
                Instant.ofEpochSecond(req.getSince().getSeconds(), req.getSince().getNanos()))
            : Optional.empty();
    LogQuery query = new LogQuery(req.getTail(), since, req.getFollow());
    AtomicInteger remaining = new AtomicInteger(tasks.size());
    List<TaskLogStreamer> streamers = new ArrayList<>();
    Object lock = new Object();
    Runnable done =
        () -> {
          if (remaining.decrementAndGet() == 0) {
            synchronized (lock) {
              if (!call.isCancelled()) {
                call.onCompleted();
              }
            }
          }
        };
    for (Task t : tasks) {
      streamers.add(
          new TaskLogStreamer(
              runtime,
              view,
              poller,
              t,
              node,
              query,
              line -> {
                synchronized (lock) {
                  if (!call.isCancelled()) {
                    call.onNext(line);
                  }
                }
              },
              done));
    }
    call.setOnCancelHandler(() -> streamers.forEach(TaskLogStreamer::close));
    streamers.forEach(TaskLogStreamer::start);
  }

  private static List<Task> select(AgentLogsRequest req, NodeView v) {
    if (req.getTaskIdsCount() > 0) {
      return req.getTaskIdsList().stream().flatMap(id -> v.task(id).stream()).toList();
    }
    return v.allTasks().stream()
        .filter(t -> req.getDeployment().isEmpty() || t.getDeployment().equals(req.getDeployment()))
        .filter(t -> req.getService().isEmpty() || t.getService().equals(req.getService()))
        .toList();
  }
}
