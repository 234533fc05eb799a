package dev.banyan.cli;

import com.google.protobuf.Timestamp;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.DeploymentStatus;
import dev.banyan.proto.v1.DeploymentSummary;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListDeploymentsRequest;
import dev.banyan.proto.v1.ListDeploymentsResponse;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.ListNodesResponse;
import dev.banyan.proto.v1.ListTasksRequest;
import dev.banyan.proto.v1.ListTasksResponse;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.ServiceChange;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: the run {@code bin/banyan-cli} archives classes from (JDK class-data sharing). It runs
 * the everyday read commands against a stand-in engine on loopback that answers with typical
 * content, so that the archive holds what they load: picocli's model of every command, gRPC and
 * Netty on both sides of a call, protobuf decoding, the tables. Archiving the user's first real
 * command instead made the archive depend on what that command happened to print.
 */
@Command(name = "__cds-training", hidden = true, description = "Internal: class-data training.")
public final class CdsTrainingCommand implements Callable<Integer> {
  private static final String MANIFEST =
      "name: shop\nservices:\n  web:\n    image: localhost/web:1\n    ports: [\"8080:80\"]\n"
          + "    environment:\n      MODE: ${MODE:-production}\n    healthcheck:\n"
          + "      test: [\"CMD\", \"true\"]\n      interval: 5s\n    deploy:\n      replicas: 2\n";

  private static final List<List<String>> RUNS =
      List.of(
          List.of("validate", "-f", "banyan.yaml"),
          List.of("deploy", "-f", "banyan.yaml"),
          List.of("status"),
          List.of("status", "shop", "-o", "json"),
          List.of("ps", "shop"),
          List.of("nodes"),
          List.of("deployments"),
          List.of("metrics"),
          List.of("--help"));

  /** Runs the training; returns how many of its runs failed. */
  @Override
  public Integer call() throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new SampleEngine())
            .build()
            .start();
    Path home = Files.createTempDirectory("banyan-cds-training");
    Path config = home.resolve("banyan.yaml");
    Files.writeString(config, "{}\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    Path manifest = home.resolve("banyan.yaml.manifest");
    Files.writeString(manifest, MANIFEST);
    PrintStream out = System.out;
    PrintStream err = System.err;
    try {
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true);
      System.setOut(quiet);
      System.setErr(quiet);
      Map<String, String> env =
          Map.of(
              "BANYAN_ENGINE", "127.0.0.1:" + server.getPort(),
              "BANYAN_CONFIG", config.toString(),
              "HOME", home.toString());
      int failed = 0;
      for (List<String> args : RUNS) {
        int code =
            CliMain.run(
                args.stream()
                    .map(a -> a.equals("banyan.yaml") ? manifest.toString() : a)
                    .toArray(String[]::new),
                env);
        failed += code == 0 ? 0 : 1;
      }
      // Not an error for the wrapper (the archive is still useful), but a test checks it is 0.
      return failed;
    } finally {
      System.setOut(out);
      System.setErr(err);
      server.shutdownNow();
      Files.deleteIfExists(config);
      Files.deleteIfExists(manifest);
      Files.deleteIfExists(home);
    }
  }

  /** Answers the read calls with a small, typical cluster: two nodes, one service of two tasks. */
  private static final class SampleEngine extends ControlGrpc.ControlImplBase {
    private static final Timestamp NOW = Timestamp.newBuilder().setSeconds(1_800_000_000).build();

    private static Task task(int replica) {
      return Task.newBuilder()
          .setId("t" + replica)
          .setDeployment("shop")
          .setService("web")
          .setReplica(replica)
          .setNode("node-" + replica)
          .setSpec(ContainerSpec.newBuilder().setImage("localhost/web:1"))
          .setDesiredState(TaskState.TASK_STATE_RUNNING)
          .setCreatedAt(NOW)
          .setStatus(
              TaskStatus.newBuilder()
                  .setState(TaskState.TASK_STATE_RUNNING)
                  .setTimestamp(NOW)
                  .setStartedAt(NOW)
                  .setMessage("started")
                  .setContainerId("c" + replica)
                  .addAddresses("10.210.0." + (replica + 1)))
          .build();
    }

    private static <T> void answer(StreamObserver<T> out, T response) {
      out.onNext(response);
      out.onCompleted();
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
      answer(out, status());
    }

    /** A deploy follows its rollout with this: one answer, then the stream stays open. */
    @Override
    public void watchStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
      out.onNext(status());
    }

    private static GetStatusResponse status() {
      return GetStatusResponse.newBuilder()
          .addDeployments(
              DeploymentStatus.newBuilder()
                  .setName("shop")
                  .setRevision(1)
                  .setUpdatedAt(NOW)
                  .addServices(
                      ServiceStatus.newBuilder()
                          .setName("web")
                          .setImage("localhost/web:1")
                          .setDesired(2)
                          .setRunning(2)
                          .addPorts("8080:80/tcp")
                          .addTasks(task(1))
                          .addTasks(task(2))))
          .build();
    }

    @Override
    public void deploy(DeployRequest request, StreamObserver<DeployResponse> out) {
      answer(
          out,
          DeployResponse.newBuilder()
              .setName("shop")
              .setRevision(1)
              .addChanges(
                  ServiceChange.newBuilder()
                      .setService("web")
                      .setKind(ServiceChange.Kind.KIND_CREATED)
                      .setReplicas(2))
              .build());
    }

    @Override
    public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> out) {
      answer(out, ListTasksResponse.newBuilder().addTasks(task(1)).addTasks(task(2)).build());
    }

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> out) {
      ListNodesResponse.Builder nodes = ListNodesResponse.newBuilder();
      for (int i = 1; i <= 2; i++) {
        nodes.addNodes(
            NodeSummary.newBuilder()
                .setTaskCount(1)
                .setNode(
                    Node.newBuilder()
                        .setName("node-" + i)
                        .setHostAddress("192.0.2." + i)
                        .setState(NodeState.NODE_STATE_READY)
                        .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE)
                        .setRuntime("podman")
                        .setLastHeartbeat(NOW)));
      }
      answer(out, nodes.build());
    }

    @Override
    public void listDeployments(
        ListDeploymentsRequest request, StreamObserver<ListDeploymentsResponse> out) {
      answer(
          out,
          ListDeploymentsResponse.newBuilder()
              .addDeployments(
                  DeploymentSummary.newBuilder()
                      .setName("shop")
                      .setRevision(1)
                      .setServices(1)
                      .setUpdatedAt(NOW))
              .build());
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> out) {
      answer(out, GetMetricsResponse.getDefaultInstance());
    }
  }
}
