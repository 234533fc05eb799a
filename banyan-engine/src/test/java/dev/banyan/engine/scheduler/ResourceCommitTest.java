package dev.banyan.engine.scheduler;

import static dev.banyan.engine.testing.Specs.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.deploy.ServiceDeployment;
import dev.banyan.engine.controlapi.ApiException;
import dev.banyan.engine.controlapi.DeploymentService;
import dev.banyan.engine.orchestrator.Orchestrator;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.PlacementSpec;
import dev.banyan.proto.v1.Resources;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskPlacement;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Capacity rejection, dry runs and the applier's commit-time re-check against real etcd. */
class ResourceCommitTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();
  private static final long GIB = 1L << 30;

  private ClusterStore store;
  private DeploymentService deployments;

  @BeforeEach
  void setUp() {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    deployments = new DeploymentService(store, Clock.systemUTC(), ResourceDefaults.STANDARD);
  }

  private void node(String name, double cpus, long memory, double reservedCpus) {
    NodeResources capacity =
        NodeResources.newBuilder().setCpuCores(cpus).setMemoryBytes(memory).build();
    NodeResources reserved = NodeResources.newBuilder().setCpuCores(reservedCpus).build();
    Node n =
        Node.newBuilder()
            .setName(name)
            .setState(NodeState.NODE_STATE_READY)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE)
            .setCapacity(capacity)
            .setReserved(reserved)
            .setAllocatable(capacity.toBuilder().setCpuCores(cpus - reservedCpus).build())
            .build();
    store.commit(List.of(StoreOp.put(StoreKey.node(name), n, StoreOp.ANY)));
  }

  private static ServiceDeployment service(String name, int replicas, double cpus, long memory) {
    return new ServiceDeployment(
        name,
        replicas,
        ContainerSpec.newBuilder()
            .setImage("busybox")
            .setResources(
                Resources.newBuilder().setCpuReservation(cpus).setMemoryReservationBytes(memory))
            .build(),
        PlacementSpec.getDefaultInstance());
  }

  @Test
  void aDeploymentLargerThanTheClusterIsRejectedAndNothingIsWritten() {
    node("a", 4, 8 * GIB, 1);
    node("b", 4, 8 * GIB, 1);
    node("c", 4, 8 * GIB, 2);
    long before = store.snapshot().revision();

    assertThatThrownBy(
            () -> deployments.deploy(deployment("big", service("web", 12, 1, GIB)), "f", false))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "deployment 'big' does not fit: it needs 12 CPUs; the cluster has 8 allocatable (3"
                + " nodes × 4, minus 4 reserved); lower its resource requests or add nodes")
        .satisfies(
            e ->
                assertThat(((ApiException) e).toStatus().getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION));
    assertThat(store.snapshot().revision()).as("no etcd write at all").isEqualTo(before);
    assertThat(store.deployment("big")).isEmpty();
    assertThat(store.history("big")).isEmpty();
  }

  @Test
  void aDryRunShowsWhereTasksWouldGoAndWritesNothing() {
    node("a", 4, 8 * GIB, 0);
    node("b", 2, 8 * GIB, 0);
    long before = store.snapshot().revision();

    DeployResponse plan =
        deployments.deploy(
            deployment("shop", service("web", 2, 1, GIB), service("db", 1, 3, GIB)), "f", true);

    assertThat(store.snapshot().revision()).isEqualTo(before);
    assertThat(plan.getPlacementsList())
        .extracting(TaskPlacement::getService, TaskPlacement::getNode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", "a"),
            org.assertj.core.groups.Tuple.tuple("web", "b"),
            org.assertj.core.groups.Tuple.tuple("web", "a"));
    assertThat(plan.getPlacements(0).getReason()).startsWith("the only node that fits");
  }

  @Test
  void aDryRunReportsTasksThatWouldStayPending() {
    node("a", 2, 8 * GIB, 0);
    node("b", 2, 8 * GIB, 0);
    deployments.deploy(deployment("first", service("x", 2, 1.5, GIB)), "f", false);
    new Orchestrator(store, Clock.systemUTC(), Duration.ofSeconds(1)).pass();
    new SchedulerLoop(store, Scheduler.standard(), ResourceDefaults.STANDARD, Duration.ofSeconds(1))
        .pass();

    DeployResponse plan =
        deployments.deploy(deployment("second", service("y", 1, 1, GIB)), "f", true);

    assertThat(plan.getPlacementsList()).hasSize(1);
    assertThat(plan.getPlacements(0).getNode()).isEmpty();
    assertThat(plan.getPlacements(0).getReason())
        .isEqualTo("no node fits: 2 nodes have insufficient CPU (needs 1 CPU, most free 0.5)");
  }

  @Test
  void theApplierRechecksFitAtCommitTime() {
    node("a", 2, 8 * GIB, 0);
    node("b", 2, 8 * GIB, 0);
    deployments.deploy(deployment("shop", service("web", 2, 1.5, GIB)), "f", false);
    new Orchestrator(store, Clock.systemUTC(), Duration.ofSeconds(1)).pass();
    ClusterState state = store.snapshot();
    TaskViews views = new TaskViews(ResourceDefaults.STANDARD);
    List<Versioned<Task>> tasks = state.tasksOf("shop");
    Task first = tasks.get(0).value();
    Task second = tasks.get(1).value();
    // Each plan alone puts its task on a (the first of two equal nodes); both were computed from
    // the same snapshot, as two racing passes would.
    Plan planA =
        Scheduler.standard().schedule(views.snapshotOf(state), List.of(views.request(first)));
    Plan planB =
        Scheduler.standard().schedule(views.snapshotOf(state), List.of(views.request(second)));
    assertThat(planA.assignments()).hasSize(1);
    assertThat(planB.assignments()).extracting(Plan.Assignment::node).containsExactly("a");

    PlanApplier applier = new PlanApplier(store, views);
    assertThat(applier.apply(planA)).isEqualTo(1);
    assertThat(applier.apply(planB)).as("the second no longer fits").isZero();

    assertThat(store.task(first.getId()).orElseThrow().value().getNode()).isEqualTo("a");
    assertThat(store.task(second.getId()).orElseThrow().value().getNode()).isEmpty();
  }
}
