package dev.banyan.engine.controlapi;

import static dev.banyan.engine.testing.Specs.deployment;
import static dev.banyan.engine.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.banyan.engine.Engine;
import dev.banyan.engine.EngineConfig;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.FakeAgent;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.AssignmentsMessage;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.HeartbeatRequest;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.RemoveDeploymentRequest;
import dev.banyan.proto.v1.RemoveDeploymentResponse;
import dev.banyan.proto.v1.RemoveNodeRequest;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.UpdateNodeRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Engine, dispatcher and control API over real gRPC sockets and real etcd, with fake agents. */
class EngineScenarioTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private ClusterStore store;
  private Engine engine;
  private ControlGrpc.ControlBlockingStub control;
  private DeploymentService deployments;

  @BeforeEach
  void setUp() {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    // Production heartbeat period and node timeout (2 s / 6 s).
    EngineConfig config =
        new EngineConfig(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            List.of(etcd.endpoint()),
            Path.of("unused"),
            Duration.ofSeconds(2),
            Duration.ofSeconds(6),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ZERO);
    engine = new Engine(config, etcd.newStore(), Clock.systemUTC()).start();
    closeables.add(engine);
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
    closeables.add(channel::shutdownNow);
    control = ControlGrpc.newBlockingStub(channel);
    deployments = new DeploymentService(store, Clock.systemUTC());
    await().atMost(Duration.ofSeconds(10)).until(engine::isLeader);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    closeables.clear();
  }

  private FakeAgent agent(String name) {
    FakeAgent agent = new FakeAgent(engine.port(), name, "127.0.0.1:1");
    closeables.add(agent);
    return agent.register();
  }

  @Test
  void registeredAgentsGetTheirCompleteSetAndTasksSpreadRoundRobin() {
    FakeAgent a = agent("a");
    FakeAgent b = agent("b");
    await().until(() -> !a.messages.isEmpty() && !b.messages.isEmpty());
    assertThat(a.messages.get(0).getType()).isEqualTo(AssignmentsMessage.Type.TYPE_COMPLETE);
    assertThat(a.messages.get(0).getTasksList()).isEmpty();

    deployments.deploy(deployment("shop", service("web", 4, "nginx")), "f", false);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(a.assigned()).hasSize(2);
              assertThat(b.assigned()).hasSize(2);
            });
    // A snapshot: the fake agent's stream thread may still be appending.
    List<AssignmentsMessage> seen = List.copyOf(a.messages);
    assertThat(seen.subList(1, seen.size()))
        .allSatisfy(
            m -> assertThat(m.getType()).isEqualTo(AssignmentsMessage.Type.TYPE_INCREMENTAL));
    assertThat(control.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList())
        .extracting(NodeSummary::getTaskCount)
        .containsExactly(2, 2);
  }

  @Test
  void statusReportsShowInGetStatusAndOnlyMoveForward() {
    FakeAgent a = agent("a");
    FakeAgent b = agent("b");
    deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(webStatus().getRunning()).isEqualTo(2));
    ServiceStatus web = webStatus();
    assertThat(web.getImage()).isEqualTo("nginx");
    assertThat(web.getDesired()).isEqualTo(2);
    assertThat(web.getPortsList()).containsExactly("80/tcp");

    String taskOfA = a.assigned().keySet().iterator().next();
    a.report(taskOfA, TaskState.TASK_STATE_STARTING, 0); // backwards: ignored
    b.report(taskOfA, TaskState.TASK_STATE_FAILED, 0); // not b's task: ignored
    assertThat(task(taskOfA).getStatus().getState()).isEqualTo(TaskState.TASK_STATE_RUNNING);

    a.report(taskOfA, TaskState.TASK_STATE_STARTING, 1); // a restart: accepted
    assertThat(task(taskOfA).getStatus().getRestartCount()).isEqualTo(1);
    assertThat(task(taskOfA).getStatus().getState()).isEqualTo(TaskState.TASK_STATE_STARTING);
  }

  @Test
  void aNodeThatStopsHeartbeatingGoesDownAndItsTasksMove() {
    FakeAgent a = agent("a");
    FakeAgent b = agent("b");
    deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.assigned().size() == 1 && a.assigned().size() == 1);
    Set<String> movedIds = b.assigned().keySet();

    b.stopHeartbeats();

    // Deadlines, not targets: how fast this happens is measured by bench/failover.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node("b").getState() == NodeState.NODE_STATE_DOWN);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(a.assigned()).hasSize(2);
              assertThat(a.assigned().keySet()).doesNotContainAnyElementsOf(movedIds);
            });
    await().until(() -> b.streamEnd != null);
    assertThat(b.streamEnd.getCode()).isEqualTo(Status.Code.NOT_FOUND);

    b.register();
    await().atMost(Duration.ofSeconds(5)).until(() -> !b.messages.isEmpty());
    AssignmentsMessage complete = b.messages.get(0);
    assertThat(complete.getType()).isEqualTo(AssignmentsMessage.Type.TYPE_COMPLETE);
    assertThat(complete.getTasksList())
        .extracting(Task::getId)
        .doesNotContainAnyElementsOf(movedIds);
    assertThat(node("b").getState()).isEqualTo(NodeState.NODE_STATE_READY);
  }

  @Test
  void drainingANodeMovesItsTasksAndPlacesNoNewOnes() {
    FakeAgent a = agent("a");
    FakeAgent b = agent("b");
    deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.assigned().size() == 1 && a.assigned().size() == 1);

    Node drained =
        control
            .updateNode(
                UpdateNodeRequest.newBuilder()
                    .setName("b")
                    .setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN)
                    .build())
            .getNode();
    assertThat(drained.getAvailability()).isEqualTo(NodeAvailability.NODE_AVAILABILITY_DRAIN);

    // b is told to shut its task down, reports SHUTDOWN, and the reaper removes it from b's set.
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(b.assigned()).isEmpty();
              assertThat(a.assigned().values())
                  .filteredOn(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
                  .hasSize(2);
            });
    deployments.deploy(deployment("shop", service("web", 3, "nginx")), "f", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.assigned().size() == 3);
    assertThat(b.assigned()).isEmpty();

    control.removeNode(RemoveNodeRequest.newBuilder().setName("b").build());
    assertThat(control.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList())
        .extracting(n -> n.getNode().getName())
        .containsExactly("a");
  }

  @Test
  void removeDeploymentWaitsForTheAgentsToStopEveryTask() {
    FakeAgent a = agent("a");
    deployments.deploy(
        deployment("shop", service("web", 2, "nginx"), service("db", 1, "pg")), "f", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.assigned().size() == 3);
    Set<String> ids = a.assigned().keySet();

    RemoveDeploymentResponse response =
        control.removeDeployment(RemoveDeploymentRequest.newBuilder().setName("shop").build());

    assertThat(response.getRemovedTasksList()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(store.snapshot().tasks()).isEmpty();
    assertThat(store.deployment("shop")).isEmpty();
    await().until(() -> a.assigned().isEmpty());
  }

  @Test
  void errorsAreOneSentenceWithTheRightStatus() {
    FakeAgent a = agent("a");
    assertThatThrownBy(
            () -> control.getStatus(GetStatusRequest.newBuilder().setDeployment("nope").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "deployment 'nope' does not exist; list them with 'banyan-cli deployments'");
            });
    assertThatThrownBy(
            () -> control.removeNode(RemoveNodeRequest.newBuilder().setName("a").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("drain it first");
            });
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
    closeables.add(channel::shutdownNow);
    assertThatThrownBy(
            () ->
                DispatcherGrpc.newBlockingStub(channel)
                    .heartbeat(HeartbeatRequest.newBuilder().setSessionId("stale").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).isEqualTo("session expired; re-register");
            });
    String oldSession = a.session().getSessionId();
    a.register();
    assertThatThrownBy(
            () ->
                DispatcherGrpc.newBlockingStub(channel)
                    .heartbeat(HeartbeatRequest.newBuilder().setSessionId(oldSession).build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("NOT_FOUND");
  }

  private ServiceStatus webStatus() {
    return control
        .getStatus(GetStatusRequest.newBuilder().setDeployment("shop").build())
        .getDeployments(0)
        .getServicesList()
        .stream()
        .filter(s -> s.getName().equals("web"))
        .findFirst()
        .orElseThrow();
  }

  private Task task(String id) {
    return store.task(id).orElseThrow().value();
  }

  private Node node(String name) {
    Map<String, Node> nodes =
        control.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
            .map(NodeSummary::getNode)
            .collect(Collectors.toMap(Node::getName, n -> n));
    return nodes.get(name);
  }
}
