package dev.banyan.engine.controlapi;

import dev.banyan.common.auth.AuthMetadata;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.proto.v1.AgentGrpc;
import dev.banyan.proto.v1.AgentLogsRequest;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.LogsRequest;
import dev.banyan.proto.v1.LogsResponse;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Proxies {@code Logs}: asks each node running the deployment's tasks for their logs (with that
 * node's session token) and merges the streams. An unreachable node becomes a warning event.
 */
public final class LogsProxy {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final ClusterStore store;
  private final ExecutorService executor;

  public LogsProxy(ClusterStore store, ExecutorService executor) {
    this.store = store;
    this.executor = executor;
  }

  public void stream(LogsRequest request, ServerCallStreamObserver<LogsResponse> out) {
    ClusterState state = store.snapshot();
    if (!state.deployments().containsKey(request.getDeployment())) {
      throw ApiException.deploymentNotFound(request.getDeployment());
    }
    Map<String, List<Task>> byNode =
        state.tasksOf(request.getDeployment()).stream()
            .map(Versioned::value)
            .filter(t -> !t.getNode().isEmpty())
            .filter(
                t -> request.getService().isEmpty() || t.getService().equals(request.getService()))
            .filter(t -> request.getReplica() == 0 || t.getReplica() == request.getReplica())
            .collect(Collectors.groupingBy(Task::getNode, TreeMap::new, Collectors.toList()));
    if (byNode.isEmpty()) {
      out.onCompleted();
      return;
    }
    Merger merger = new Merger(out, byNode.size());
    Context.CancellableContext context = Context.current().withCancellation();
    out.setOnCancelHandler(() -> context.cancel(null));
    for (Map.Entry<String, List<Task>> entry : byNode.entrySet()) {
      Node node =
          state.nodes().containsKey(entry.getKey())
              ? state.nodes().get(entry.getKey()).value()
              : Node.newBuilder().setName(entry.getKey()).build();
      Versioned<Session> session = state.sessions().get(entry.getKey());
      executor.execute(
          context.wrap(() -> streamFromNode(node, session, entry.getValue(), request, merger)));
    }
  }

  private void streamFromNode(
      Node node, Versioned<Session> session, List<Task> tasks, LogsRequest request, Merger merger) {
    if (session == null || node.getAgentAddress().isEmpty()) {
      merger.warn("node " + node.getName() + " is down; logs of its tasks are not available");
      return;
    }
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(node.getAgentAddress()).usePlaintext().build();
    if (!connects(channel)) {
      channel.shutdownNow();
      merger.warn(
          "node "
              + node.getName()
              + " ("
              + node.getAgentAddress()
              + ") cannot be reached;"
              + " its logs are missing");
      return;
    }
    Metadata headers = new Metadata();
    headers.put(AuthMetadata.SESSION_TOKEN, session.value().getToken());
    AgentLogsRequest agentRequest =
        AgentLogsRequest.newBuilder()
            .addAllTaskIds(tasks.stream().map(Task::getId).toList())
            .setDeployment(request.getDeployment())
            .setService(request.getService())
            .setFollow(request.getFollow())
            .setTail(request.getTail())
            .setSince(request.getSince())
            .setTimestamps(request.getTimestamps())
            .build();
    AgentGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .streamLogs(
            agentRequest,
            new StreamObserver<>() {
              @Override
              public void onNext(LogLine line) {
                merger.line(line);
              }

              @Override
              public void onError(Throwable t) {
                channel.shutdownNow();
                merger.warn("logs from node " + node.getName() + " ended early: " + describe(t));
              }

              @Override
              public void onCompleted() {
                channel.shutdown();
                merger.done();
              }
            });
  }

  private static String describe(Throwable t) {
    io.grpc.Status status = io.grpc.Status.fromThrowable(t);
    return status.getCode()
        + (status.getDescription() == null ? "" : " " + status.getDescription());
  }

  private static boolean connects(ManagedChannel channel) {
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || Context.current().isCancelled()) {
        return false;
      }
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      try {
        changed.await(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      state = channel.getState(true);
      if (state == ConnectivityState.TRANSIENT_FAILURE) {
        return false;
      }
    }
    return true;
  }

  /** Serialises the agents' streams into the one response stream; completes after the last. */
  private static final class Merger {
    private final ServerCallStreamObserver<LogsResponse> out;
    private final AtomicInteger open;

    Merger(ServerCallStreamObserver<LogsResponse> out, int sources) {
      this.out = out;
      this.open = new AtomicInteger(sources);
    }

    synchronized void line(LogLine line) {
      if (!out.isCancelled()) {
        out.onNext(LogsResponse.newBuilder().setLine(line).build());
      }
    }

    synchronized void warn(String warning) {
      if (!out.isCancelled()) {
        out.onNext(LogsResponse.newBuilder().setWarning(warning).build());
      }
      done();
    }

    synchronized void done() {
      if (open.decrementAndGet() == 0 && !out.isCancelled()) {
        out.onCompleted();
      }
    }
  }
}
