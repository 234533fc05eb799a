package dev.banyan.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceSchedulingTest {
  static final long GIB = 1L << 30;
  private final Scheduler scheduler = Scheduler.standard();

  static NodeInfo node(String name, double cpus, double memoryGib) {
    return NodeInfo.of(
        name, true, false, Map.of(), new ResourceAmount(cpus, (long) (memoryGib * GIB)));
  }

  static TaskRequest task(String id, String service, double cpus, double memoryGib) {
    return new TaskRequest(
        id,
        "d",
        service,
        1,
        List.of(),
        new ResourceAmount(cpus, (long) (memoryGib * GIB)),
        List.of());
  }

  @Test
  void picksTheNodeWithTheMostFreeResources() {
    ClusterSnapshot cluster =
        new ClusterSnapshot(
            List.of(node("a", 4, 8), node("b", 4, 8)),
            List.of(new PlacedTask("a", "d", "other", new ResourceAmount(2, 4 * GIB), List.of())));
    Plan plan = scheduler.schedule(cluster, List.of(task("t", "web", 1, 1)));
    assertThat(plan.assignments()).extracting(Plan.Assignment::node).containsExactly("b");
    assertThat(plan.assignments().get(0).reason()).contains("best of 2 nodes that fit");
  }

  @Test
  void spreadsReplicasBeforeLookingAtResources() {
    // b stays freer than a, but the second replica still goes to a: spreading comes first.
    ClusterSnapshot cluster =
        new ClusterSnapshot(
            List.of(node("a", 4, 8), node("b", 16, 64)),
            List.of(new PlacedTask("a", "d", "other", new ResourceAmount(1, 2 * GIB), List.of())));
    List<TaskRequest> tasks = List.of(task("t1", "web", 1, 1), task("t2", "web", 1, 1));
    Plan plan = scheduler.schedule(cluster, tasks);
    assertThat(plan.assignments()).extracting(Plan.Assignment::node).containsExactly("b", "a");
  }

  @Test
  void aTaskThatFitsNowhereStaysPendingWithTheShortfall() {
    ClusterSnapshot cluster =
        new ClusterSnapshot(
            List.of(
                node("a", 8, 3.5),
                node("b", 8, 2),
                NodeInfo.of("c", false, false, Map.of(), new ResourceAmount(8, 64 * GIB))),
            List.of());
    Plan plan = scheduler.schedule(cluster, List.of(task("t", "db", 1, 4)));
    assertThat(plan.pending())
        .extracting(Plan.Pending::reason)
        .containsExactly(
            "no node fits: 2 nodes have insufficient memory (needs 4 GiB, most free 3.5 GiB), 1"
                + " node down");
  }

  @Test
  void requestsOfAlreadyPlacedTasksCount() {
    ClusterSnapshot cluster =
        new ClusterSnapshot(
            List.of(node("a", 2, 8)),
            List.of(new PlacedTask("a", "d", "x", new ResourceAmount(1.5, GIB), List.of())));
    Plan plan = scheduler.schedule(cluster, List.of(task("t", "web", 1, 1)));
    assertThat(plan.pending().get(0).reason())
        .isEqualTo("no node fits: 1 node has insufficient CPU (needs 1 CPU, most free 0.5)");
  }

  @Test
  void replicasOfOnePassFillANodeButNeverOvercommitIt() {
    ClusterSnapshot cluster = new ClusterSnapshot(List.of(node("a", 3, 8)), List.of());
    List<TaskRequest> tasks = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      tasks.add(task("t" + i, "web", 1, 1));
    }
    Plan plan = scheduler.schedule(cluster, tasks);
    assertThat(plan.assignments()).hasSize(3);
    assertThat(plan.pending()).hasSize(2);
  }

  @Test
  void aHostPortIsUsedOnceperNode() {
    HostPort http = new HostPort("", 8080, "tcp");
    ClusterSnapshot cluster =
        new ClusterSnapshot(
            List.of(node("a", 8, 8), node("b", 8, 8)),
            List.of(new PlacedTask("a", "d", "x", ResourceAmount.NONE, List.of(http))));
    TaskRequest web =
        new TaskRequest("t", "d", "web", 1, List.of(), ResourceAmount.NONE, List.of(http));
    assertThat(scheduler.schedule(cluster, List.of(web)).assignments())
        .extracting(Plan.Assignment::node)
        .containsExactly("b");
    Plan two =
        scheduler.schedule(
            new ClusterSnapshot(List.of(node("a", 8, 8)), cluster.placed()), List.of(web));
    assertThat(two.pending().get(0).reason())
        .isEqualTo("no node fits: 1 node has host port 8080/tcp in use");
  }

  @Test
  void defaultsApplyPerResourceAfterReservationAndLimit() {
    ResourceDefaults defaults = ResourceDefaults.STANDARD;
    var none = dev.banyan.proto.v1.Resources.getDefaultInstance();
    assertThat(defaults.requestOf(none)).isEqualTo(new ResourceAmount(1, 512L << 20));
    var limitOnly = dev.banyan.proto.v1.Resources.newBuilder().setCpuLimit(2).build();
    assertThat(defaults.requestOf(limitOnly)).isEqualTo(new ResourceAmount(2, 512L << 20));
    var both =
        dev.banyan.proto.v1.Resources.newBuilder()
            .setCpuLimit(2)
            .setCpuReservation(0.5)
            .setMemoryReservationBytes(4 * GIB)
            .build();
    assertThat(defaults.requestOf(both)).isEqualTo(new ResourceAmount(0.5, 4 * GIB));
  }

  @Test
  void aDeploymentLargerThanTheClusterIsRejectedWithTheShortfall() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (String n : List.of("a", "b", "c")) {
      nodes.add(
          new NodeInfo(
              n,
              true,
              false,
              Map.of(),
              "worker",
              new ResourceAmount(4 - 4.0 / 3, 8 * GIB),
              new ResourceAmount(4.0 / 3, 0)));
    }
    Optional<String> why =
        CapacityCheck.check(
            "big",
            List.of(new CapacityCheck.Demand("web", 12, new ResourceAmount(1, GIB / 2))),
            nodes);
    assertThat(why)
        .contains(
            "deployment 'big' does not fit: it needs 12 CPUs; the cluster has 8 allocatable (3"
                + " nodes × 4, minus 4 reserved); lower its resource requests or add nodes");
  }

  @Test
  void aReplicaLargerThanEveryNodeIsRejected() {
    Optional<String> why =
        CapacityCheck.check(
            "big",
            List.of(new CapacityCheck.Demand("db", 1, new ResourceAmount(1, 16 * GIB))),
            List.of(node("a", 8, 8), node("b", 8, 4)));
    assertThat(why)
        .contains(
            "service 'db' needs 16 GiB of memory per replica but the largest node has 8 GiB"
                + " allocatable; lower its resource request or add a larger node");
  }

  @Test
  void aClusterWithoutActiveNodesRejectsNothing() {
    assertThat(
            CapacityCheck.check(
                "x",
                List.of(new CapacityCheck.Demand("db", 100, new ResourceAmount(100, GIB))),
                List.of()))
        .isEmpty();
  }
}
