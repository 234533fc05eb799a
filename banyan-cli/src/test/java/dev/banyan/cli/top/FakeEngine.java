package dev.banyan.cli.top;

import com.google.protobuf.Timestamp;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DeploymentStatus;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.ListNodesResponse;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.LogsRequest;
import dev.banyan.proto.v1.LogsResponse;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.NodeUsage;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Control server on a real loopback socket answering status, nodes and logs like an engine of
 * deployment "shop" (api ×2, web ×1); GetMetrics answers only when {@link #metrics} is set, as
 * engines without the metrics API answer UNIMPLEMENTED.
 */
final class FakeEngine extends ControlGrpc.ControlImplBase implements AutoCloseable {
  final int port;
  volatile Optional<GetMetricsResponse> metrics = Optional.empty();
  final List<String> openLogStreams = new CopyOnWriteArrayList<>();
  final List<String> cancelledLogStreams = new CopyOnWriteArrayList<>();
  private Server server;

  FakeEngine() {
    port = freePort();
  }

  FakeEngine start() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
              .addService(this)
              .build()
              .start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  static Task task(String service, int replica) {
    return Task.newBuilder()
        .setId("t-" + service + "-" + replica)
        .setDeployment("shop")
        .setService(service)
        .setReplica(replica)
        .setNode("node-1")
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(
            TaskStatus.newBuilder()
                .setState(TaskState.TASK_STATE_RUNNING)
                .setStartedAt(Timestamp.newBuilder().setSeconds(1_700_000_000)))
        .build();
  }

  static GetStatusResponse status() {
    Task old =
        task("api", 1).toBuilder()
            .setId("t-api-old")
            .setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
            .build();
    return GetStatusResponse.newBuilder()
        .addDeployments(
            DeploymentStatus.newBuilder()
                .setName("shop")
                .addServices(
                    ServiceStatus.newBuilder()
                        .setName("api")
                        .setDesired(2)
                        .setRunning(2)
                        .addTasks(old)
                        .addTasks(task("api", 1))
                        .addTasks(task("api", 2)))
                .addServices(
                    ServiceStatus.newBuilder()
                        .setName("web")
                        .setDesired(1)
                        .setRunning(1)
                        .addTasks(task("web", 1))))
        .build();
  }

  static ListNodesResponse nodes() {
    return ListNodesResponse.newBuilder()
        .addNodes(
            NodeSummary.newBuilder()
                .setTaskCount(3)
                .setNode(
                    Node.newBuilder()
                        .setName("node-1")
                        .setState(NodeState.NODE_STATE_READY)
                        .setCapacity(
                            NodeResources.newBuilder()
                                .setCpuCores(4)
                                .setMemoryBytes(8L << 30)
                                .setDiskBytes(100L << 30))
                        .setUsage(
                            NodeUsage.newBuilder()
                                .setCpuUsedCores(1)
                                .setMemoryAvailableBytes(6L << 30)
                                .setDiskFreeBytes(50L << 30))))
        .build();
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
    out.onNext(status());
    out.onCompleted();
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> out) {
    out.onNext(nodes());
    out.onCompleted();
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> out) {
    Optional<GetMetricsResponse> answer = metrics;
    if (answer.isEmpty()) {
      super.getMetrics(request, out); // UNIMPLEMENTED, as grpc-java answers for a missing method
      return;
    }
    out.onNext(answer.get());
    out.onCompleted();
  }

  /** Sends one line for the requested service and keeps the stream open, as follow does. */
  @Override
  public void logs(LogsRequest request, StreamObserver<LogsResponse> out) {
    String name = request.getService() + "." + request.getReplica();
    openLogStreams.add(name);
    ((ServerCallStreamObserver<LogsResponse>) out)
        .setOnCancelHandler(() -> cancelledLogStreams.add(name));
    out.onNext(
        LogsResponse.newBuilder()
            .setLine(
                LogLine.newBuilder()
                    .setService(request.getService())
                    .setReplica(Math.max(1, request.getReplica()))
                    .setNode("node-1")
                    .setText("hello from " + name))
            .build());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
