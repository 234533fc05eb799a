package dev.banyan.engine.network;

import static dev.banyan.engine.testing.Specs.deployment;
import static dev.banyan.engine.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.banyan.common.cli.UserError;
import dev.banyan.engine.Engine;
import dev.banyan.engine.EngineConfig;
import dev.banyan.engine.controlapi.DeploymentService;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.FakeAgent;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkNode;
import dev.banyan.proto.v1.NetworkRequest;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.RemoveNodeRequest;
import dev.banyan.proto.v1.ReportStatusRequest;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import dev.banyan.proto.v1.TaskStatusUpdate;
import dev.banyan.proto.v1.UpdateNodeRequest;
import dev.banyan.vpc.ipam.Cidr;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subnet leases, the cluster network plan and the Network stream, on real etcd and gRPC. */
class VpcDispatchTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final ClusterNetworkPlan PLAN =
      new ClusterNetworkPlan(Optional.of(Cidr.parse("10.77.0.0/16")), OptionalInt.of(26));

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private ClusterStore store;
  private Engine engine;
  private ManagedChannel channel;

  @BeforeEach
  void setUp() {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    closeables.add(store);
    engine = startEngine(PLAN);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
    closeables.add(channel::shutdownNow);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    closeables.clear();
  }

  private Engine startEngine(ClusterNetworkPlan plan) {
    EngineConfig config =
        new EngineConfig(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            List.of(etcd.endpoint()),
            Path.of("unused"),
            Duration.ofMillis(500),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            Duration.ZERO);
    Engine e = new Engine(config, etcd.newStore(), Clock.systemUTC(), plan);
    closeables.add(e);
    return e.start();
  }

  private FakeAgent agent(String name) {
    FakeAgent agent = new FakeAgent(engine.port(), name, "127.0.0.1:1");
    closeables.add(agent);
    return agent.register();
  }

  @Test
  void nodesGetDistinctSubnetsThatSurviveReRegistrationAndAreFreedByRemoval() {
    FakeAgent a = agent("a");
    FakeAgent b = agent("b");
    Cidr subnetA = Cidr.parse(a.session().getSubnet());
    Cidr subnetB = Cidr.parse(b.session().getSubnet());

    assertThat(a.session().getClusterCidr()).isEqualTo("10.77.0.0/16");
    assertThat(subnetA.prefixLength()).isEqualTo(26);
    assertThat(subnetA.overlaps(subnetB)).isFalse();
    assertThat(a.register().session().getSubnet()).isEqualTo(subnetA.toString());
    var control = ControlGrpc.newBlockingStub(channel);
    assertThat(control.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList())
        .anySatisfy(n -> assertThat(n.getNode().getSubnet()).isEqualTo(subnetA.toString()));

    control.updateNode(
        UpdateNodeRequest.newBuilder()
            .setName("a")
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN)
            .build());
    a.close();
    control.removeNode(RemoveNodeRequest.newBuilder().setName("a").build());

    // The lowest free subnet is a's old one again.
    assertThat(agent("c").session().getSubnet()).isEqualTo(subnetA.toString());
  }

  @Test
  void aLaterEngineMustAgreeWithTheStoredPlan() {
    assertThatThrownBy(
            () ->
                startEngine(
                    new ClusterNetworkPlan(
                        Optional.of(Cidr.parse("10.78.0.0/16")), OptionalInt.empty())))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("10.77.0.0/16");
    Engine second = startEngine(ClusterNetworkPlan.unspecified());
    FakeAgent viaSecond = new FakeAgent(second.port(), "z", "127.0.0.1:1");
    closeables.add(viaSecond);
    assertThat(viaSecond.register().session().getClusterCidr()).isEqualTo("10.77.0.0/16");
  }

  @Test
  void theNetworkStreamFollowsNodesAndRunningTasks() {
    FakeAgent a = agent("a");
    AtomicReference<NetworkSnapshot> latest =
        new AtomicReference<>(NetworkSnapshot.getDefaultInstance());
    DispatcherGrpc.newStub(channel)
        .network(
            NetworkRequest.newBuilder().setSessionId(a.session().getSessionId()).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(NetworkSnapshot s) {
                latest.set(s);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latest.get().getNodesList())
                    .extracting(NetworkNode::getName)
                    .containsExactly("a"));
    agent("b");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latest.get().getNodesList())
                    .extracting(NetworkNode::getName)
                    .containsExactly("a", "b"));

    new DeploymentService(store, Clock.systemUTC())
        .deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(latest.get().getEndpointsList())
                    .hasSize(2)
                    .allSatisfy(
                        e -> {
                          assertThat(e.getService()).isEqualTo("web");
                          assertThat(e.getDeployment()).isEqualTo("shop");
                          assertThat(e.getRunning()).isTrue();
                          assertThat(e.getHealthy()).isTrue();
                        })
                    .extracting(NetworkEndpoint::getReplica)
                    .containsExactlyInAnyOrder(1, 2));
  }

  @Test
  void aTaskThatExitedZeroIsAnEndpointThatCompletedSuccessfully() {
    FakeAgent a = agent("a");
    a.autoReport(false);
    AtomicReference<NetworkSnapshot> latest =
        new AtomicReference<>(NetworkSnapshot.getDefaultInstance());
    DispatcherGrpc.newStub(channel)
        .network(
            NetworkRequest.newBuilder().setSessionId(a.session().getSessionId()).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(NetworkSnapshot s) {
                latest.set(s);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    new DeploymentService(store, Clock.systemUTC())
        .deploy(deployment("shop", service("migrate", 1, "busybox")), "f", false);
    await().atMost(Duration.ofSeconds(15)).until(() -> latest.get().getEndpointsCount() == 1);
    NetworkEndpoint placed = latest.get().getEndpoints(0);
    assertThat(placed.getCompletedSuccessfully()).isFalse();

    DispatcherGrpc.newBlockingStub(channel)
        .reportStatus(
            ReportStatusRequest.newBuilder()
                .setSessionId(a.session().getSessionId())
                .addUpdates(
                    TaskStatusUpdate.newBuilder()
                        .setTaskId(placed.getTaskId())
                        .setStatus(
                            TaskStatus.newBuilder()
                                .setState(TaskState.TASK_STATE_COMPLETE)
                                .setHasExitCode(true)
                                .setExitCode(0)))
                .build());
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(latest.get().getEndpointsList())
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getNode()).isEqualTo("a");
                          assertThat(e.getCompletedSuccessfully()).isTrue();
                          assertThat(e.getRunning()).isFalse();
                        }));
  }
}
