package dev.banyan.engine.controlapi;

import static dev.banyan.engine.testing.Specs.deployment;
import static dev.banyan.engine.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.banyan.common.manifest.ManifestException;
import dev.banyan.engine.scheduler.ResourceDefaults;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.Resources;
import dev.banyan.proto.v1.ServiceChange;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Deploy endpoint over gRPC: compile, map manifest errors, store revisions, dry runs. */
class DeployEndpointTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private final Map<String, Map<String, byte[]>> calls = new ConcurrentHashMap<>();
  private ClusterStore store;
  private Server server;
  private ManagedChannel channel;
  private ControlGrpc.ControlBlockingStub control;
  private final ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void setUp() throws Exception {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    // Stands in for the manifest compiler: "bad" manifests fail, others name an image.
    ManifestCompiler compiler =
        (text, source, name, files) -> {
          calls.put("files", files);
          if (text.startsWith("bad")) {
            throw new ManifestException(
                List.of(
                    source + ":3:5 services.web.image: required",
                    source + ":7:9 services.db.ports: not a port"));
          }
          return deployment(name, service("web", 2, text.strip()));
        };
    ControlService control =
        new ControlService(
            new DeploymentService(store, Clock.systemUTC()),
            new NodeService(store),
            new StatusQueries(store, watchTimer, ResourceDefaults.STANDARD),
            new LogsProxy(store, Executors.newCachedThreadPool()),
            compiler);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(control)
            .build()
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    this.control = ControlGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void tearDown() {
    channel.shutdownNow();
    server.shutdownNow();
    watchTimer.shutdownNow();
  }

  @Test
  void watchStatusAnswersAtOnceThenAfterEachChangeToTheDeployment() throws Exception {
    control.deploy(request("nginx:1", false));
    BlockingQueue<GetStatusResponse> answers = new LinkedBlockingQueue<>();
    ControlGrpc.newStub(channel)
        .watchStatus(
            GetStatusRequest.newBuilder().setDeployment("shop").build(),
            new StreamObserver<>() {
              @Override
              public void onNext(GetStatusResponse value) {
                answers.add(value);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    GetStatusResponse first = answers.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.getDeployments(0).getServices(0).getTasksList()).isEmpty();

    // A task of another deployment sends nothing; one of this deployment sends the new picture.
    store.commit(
        List.of(StoreOp.put(StoreKey.task("t-other"), task("t-other", "other"), StoreOp.ABSENT)));
    store.commit(
        List.of(StoreOp.put(StoreKey.task("t-shop"), task("t-shop", "shop"), StoreOp.ABSENT)));
    GetStatusResponse next = answers.poll(10, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(next.getDeployments(0).getServices(0).getTasksList())
        .extracting(Task::getId)
        .containsExactly("t-shop");
    assertThat(answers.poll(300, TimeUnit.MILLISECONDS)).isNull();

    store.commit(
        List.of(
            StoreOp.put(
                StoreKey.task("t-shop"),
                task("t-shop", "shop").toBuilder()
                    .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_RUNNING))
                    .build(),
                StoreOp.ANY)));
    GetStatusResponse running = answers.poll(10, TimeUnit.SECONDS);
    assertThat(running).isNotNull();
    assertThat(running.getDeployments(0).getServices(0).getRunning()).isEqualTo(1);
  }

  @Test
  void listNodesSumsTheRequestsOfTheTasksThatHoldEachNode() {
    store.commit(
        List.of(
            StoreOp.put(
                StoreKey.node("n1"),
                Node.newBuilder()
                    .setName("n1")
                    .setAllocatable(
                        NodeResources.newBuilder().setCpuCores(4).setMemoryBytes(8L << 30))
                    .build(),
                StoreOp.ABSENT),
            StoreOp.put(
                StoreKey.node("n2"), Node.newBuilder().setName("n2").build(), StoreOp.ABSENT),
            // 0.5 CPU and 256 MiB requested.
            StoreOp.put(
                StoreKey.task("small"),
                onN1(
                        "small",
                        Resources.newBuilder()
                            .setCpuReservation(0.5)
                            .setMemoryReservationBytes(256L << 20))
                    .build(),
                StoreOp.ABSENT),
            // No requests: counts at the defaults, 1 CPU and 512 MiB.
            StoreOp.put(
                StoreKey.task("plain"),
                onN1("plain", Resources.newBuilder()).build(),
                StoreOp.ABSENT),
            // Shut down and stopped: holds nothing any more.
            StoreOp.put(
                StoreKey.task("gone"),
                onN1("gone", Resources.newBuilder())
                    .setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
                    .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_SHUTDOWN))
                    .build(),
                StoreOp.ABSENT)));

    List<NodeSummary> nodes =
        control.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();

    assertThat(nodes).extracting(n -> n.getNode().getName()).containsExactly("n1", "n2");
    assertThat(nodes.get(0).getRequested().getCpuCores()).isEqualTo(1.5);
    assertThat(nodes.get(0).getRequested().getMemoryBytes()).isEqualTo(768L << 20);
    assertThat(nodes.get(1).getRequested().getCpuCores()).isZero();
    assertThat(nodes.get(1).getRequested().getMemoryBytes()).isZero();
  }

  private static Task.Builder onN1(String id, Resources.Builder resources) {
    return task(id, "shop").toBuilder()
        .setNode("n1")
        .setSpec(ContainerSpec.newBuilder().setResources(resources));
  }

  private static Task task(String id, String deployment) {
    return Task.newBuilder()
        .setId(id)
        .setDeployment(deployment)
        .setService("web")
        .setReplica(1)
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .build();
  }

  @Test
  void anInvalidManifestIsInvalidArgumentWithEveryErrorLine() {
    assertThatThrownBy(() -> control.deploy(request("bad", false)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "banyan.yaml:3:5 services.web.image: required\n"
                          + "banyan.yaml:7:9 services.db.ports: not a port");
            });
    assertThat(store.deployment("shop")).isEmpty();
  }

  @Test
  void deployStoresRevisionsAndDryRunWritesNothing() {
    DeployResponse first = control.deploy(request("nginx:1", false));
    assertThat(first.getRevision()).isEqualTo(1);
    assertThat(first.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_CREATED);
    assertThat(calls.get("files")).containsOnlyKeys("secret.txt");
    assertThat(
            new String(
                calls.get("files").get("secret.txt"), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("s3cret");

    DeployResponse plan = control.deploy(request("nginx:2", true));
    assertThat(plan.getRevision()).isEqualTo(2);
    assertThat(plan.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_UPDATED);
    assertThat(store.deployment("shop").orElseThrow().value().getRevision()).isEqualTo(1);

    DeployResponse same = control.deploy(request("nginx:1", false));
    assertThat(same.getRevision()).isEqualTo(1);
    assertThat(same.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_UNCHANGED);
  }

  @Test
  void aDeploymentNameIsRequired() {
    assertThatThrownBy(
            () -> control.deploy(DeployRequest.newBuilder().setManifestYaml("x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  private static DeployRequest request(String manifest, boolean dryRun) {
    return DeployRequest.newBuilder()
        .setName("shop")
        .setManifestYaml(manifest)
        .setSourceName("banyan.yaml")
        .setDryRun(dryRun)
        .putFiles("secret.txt", ByteString.copyFromUtf8("s3cret"))
        .build();
  }
}
