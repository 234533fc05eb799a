package dev.banyan.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final Scheduler scheduler = Scheduler.standard();

  @Test
  void spreadsReplicasOfOneServiceRoundRobin() {
    ClusterSnapshot cluster = cluster(List.of(ready("a"), ready("b"), ready("c")), List.of());
    Plan plan = scheduler.schedule(cluster, replicas("web", 6));
    assertThat(plan.pending()).isEmpty();
    assertThat(plan.assignments())
        .extracting(Plan.Assignment::node)
        .containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void prefersNodesWithFewerTasksOfTheServiceThenFewerTasksOverall() {
    ClusterSnapshot cluster =
        cluster(
            List.of(ready("a"), ready("b"), ready("c")),
            List.of(
                new PlacedTask("a", "d", "web"),
                new PlacedTask("b", "d", "db"),
                new PlacedTask("b", "d", "db")));
    Plan plan = scheduler.schedule(cluster, replicas("web", 2));
    // a already runs web; b and c run none, c is less loaded overall.
    assertThat(plan.assignments()).extracting(Plan.Assignment::node).containsExactly("c", "b");
  }

  @Test
  void neverUsesDownOrDrainedNodesAndExplainsWhy() {
    ClusterSnapshot cluster =
        cluster(
            List.of(
                NodeInfo.of("a", false, false, Map.of()), NodeInfo.of("b", true, true, Map.of())),
            List.of());
    Plan plan = scheduler.schedule(cluster, replicas("web", 1));
    assertThat(plan.assignments()).isEmpty();
    assertThat(plan.pending())
        .extracting(Plan.Pending::reason)
        .containsExactly("no node fits: 1 node down, 1 node drained");
  }

  @Test
  void appliesLabelConstraintsAndNamesTheConstraintThatFailed() {
    ClusterSnapshot cluster =
        cluster(
            List.of(
                NodeInfo.of("a", true, true, Map.of("zone", "eu")),
                NodeInfo.of("b", true, false, Map.of("zone", "us")),
                NodeInfo.of("c", true, false, Map.of())),
            List.of());
    Plan plan =
        scheduler.schedule(
            cluster,
            List.of(new TaskRequest("t1", "d", "web", 1, List.of("node.labels.zone==eu"))));
    assertThat(plan.pending())
        .extracting(Plan.Pending::reason)
        .containsExactly(
            "no node fits: 1 node drained, 2 nodes do not match node.labels.zone == eu");
  }

  @Test
  void honoursHostnameRoleAndNotEqualConstraints() {
    ClusterSnapshot cluster =
        cluster(
            List.of(
                NodeInfo.of("a", true, false, Map.of("role", "edge")),
                ready("b"),
                NodeInfo.of("c", true, false, Map.of("zone", "eu"))),
            List.of());
    List<TaskRequest> tasks =
        List.of(
            new TaskRequest("t1", "d", "pin", 1, List.of("node.hostname == b")),
            new TaskRequest("t2", "d", "edge", 1, List.of("node.role == edge")),
            new TaskRequest(
                "t3", "d", "noteu", 1, List.of("node.labels.zone != eu", "node.role != edge")));
    Plan plan = scheduler.schedule(cluster, tasks);
    assertThat(plan.assignments())
        .extracting(Plan.Assignment::taskId, Plan.Assignment::node)
        .containsExactlyInAnyOrder(tuple("t1", "b"), tuple("t2", "a"), tuple("t3", "b"));
  }

  @Test
  void anUnsupportedConstraintIsExplained() {
    Plan plan =
        scheduler.schedule(
            cluster(List.of(ready("a")), List.of()),
            List.of(new TaskRequest("t1", "d", "web", 1, List.of("engine.labels.x == y"))));
    assertThat(plan.pending().get(0).reason())
        .startsWith("no node fits: 1 node rejected by the unsupported constraint");
  }

  @Test
  void explainsAnEmptyCluster() {
    Plan plan = scheduler.schedule(cluster(List.of(), List.of()), replicas("web", 1));
    assertThat(plan.pending().get(0).reason())
        .isEqualTo("no node fits: no node has registered yet");
  }

  @Test
  void samePlanWhateverTheInputOrder() {
    List<NodeInfo> nodes = new ArrayList<>(List.of(ready("c"), ready("a"), ready("b")));
    List<TaskRequest> tasks = new ArrayList<>(replicas("web", 5));
    Plan first = scheduler.schedule(cluster(nodes, List.of()), tasks);
    java.util.Collections.reverse(nodes);
    java.util.Collections.reverse(tasks);
    assertThat(scheduler.schedule(cluster(nodes, List.of()), tasks)).isEqualTo(first);
  }

  static NodeInfo ready(String name) {
    return NodeInfo.of(name, true, false, Map.of());
  }

  static ClusterSnapshot cluster(List<NodeInfo> nodes, List<PlacedTask> placed) {
    return new ClusterSnapshot(nodes, placed);
  }

  static List<TaskRequest> replicas(String service, int n) {
    List<TaskRequest> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new TaskRequest(service + "-" + i, "d", service, i, List.of()));
    }
    return out;
  }
}
