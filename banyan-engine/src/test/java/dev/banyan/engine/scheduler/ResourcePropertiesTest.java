package dev.banyan.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ResourcePropertiesTest {
  private final Scheduler scheduler = Scheduler.standard();
  private final MostAvailableScorer scorer = MostAvailableScorer.balanced();

  @Property
  void neverOvercommitsANode(
      @ForAll("nodes") List<NodeInfo> nodes, @ForAll("tasks") List<TaskRequest> tasks) {
    Plan plan = scheduler.schedule(new ClusterSnapshot(nodes, List.of()), tasks);
    Map<String, ResourceAmount> used = new HashMap<>();
    Map<String, TaskRequest> byId = new HashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));
    plan.assignments()
        .forEach(a -> used.merge(a.node(), byId.get(a.taskId()).request(), ResourceAmount::plus));
    for (NodeInfo n : nodes) {
      assertThat(n.allocatable().covers(used.getOrDefault(n.name(), ResourceAmount.NONE)))
          .as("node %s over-committed", n.name())
          .isTrue();
    }
    assertThat(plan.assignments().size() + plan.pending().size()).isEqualTo(tasks.size());
  }

  @Property
  void picksAMostAvailableNodeAmongTheLeastSpreadFeasibleOnes(
      @ForAll("nodes") List<NodeInfo> nodes, @ForAll("tasks") List<TaskRequest> tasks) {
    Plan plan = scheduler.schedule(new ClusterSnapshot(nodes, List.of()), tasks);
    // Replay the plan in the scheduler's order, checking each choice against the load so far.
    Map<String, TaskRequest> byId = new HashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));
    NodeLoad load = NodeLoad.of(new ClusterSnapshot(nodes, List.of()));
    ResourceFilter fit = new ResourceFilter();
    for (Plan.Assignment a : plan.assignments()) {
      TaskRequest task = byId.get(a.taskId());
      List<NodeInfo> feasible =
          nodes.stream()
              .filter(NodeInfo::ready)
              .filter(n -> !n.drained())
              .filter(n -> fit.check(task, n, load).isEmpty())
              .toList();
      int fewest =
          feasible.stream()
              .mapToInt(n -> load.ofService(n.name(), task.serviceKey()))
              .min()
              .orElseThrow();
      NodeInfo chosen = nodes.stream().filter(n -> n.name().equals(a.node())).findFirst().get();
      assertThat(feasible).contains(chosen);
      assertThat(load.ofService(chosen.name(), task.serviceKey())).isEqualTo(fewest);
      double best =
          feasible.stream()
              .filter(n -> load.ofService(n.name(), task.serviceKey()) == fewest)
              .mapToDouble(n -> scorer.availability(n, load))
              .max()
              .orElseThrow();
      assertThat(scorer.availability(chosen, load)).isEqualTo(best);
      load.add(chosen.name(), task);
    }
  }

  @Property
  void isDeterministicWhateverTheInputOrder(
      @ForAll("nodes") List<NodeInfo> nodes, @ForAll("tasks") List<TaskRequest> tasks) {
    Plan first = scheduler.schedule(new ClusterSnapshot(nodes, List.of()), tasks);
    List<NodeInfo> n2 = new ArrayList<>(nodes);
    List<TaskRequest> t2 = new ArrayList<>(tasks);
    Collections.reverse(n2);
    Collections.reverse(t2);
    assertThat(scheduler.schedule(new ClusterSnapshot(n2, List.of()), t2)).isEqualTo(first);
  }

  @Provide
  Arbitrary<List<NodeInfo>> nodes() {
    Arbitrary<NodeInfo> node =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4),
                Arbitraries.of(true, true, false),
                Arbitraries.of(false, false, true),
                Arbitraries.integers().between(0, 16),
                Arbitraries.integers().between(0, 32))
            .as(
                (name, ready, drained, cpus, gib) ->
                    NodeInfo.of(
                        name,
                        ready,
                        drained,
                        Map.of(),
                        new ResourceAmount(cpus / 2.0, gib * (1L << 29))));
    return node.list().ofMaxSize(6).uniqueElements(NodeInfo::name);
  }

  @Provide
  Arbitrary<List<TaskRequest>> tasks() {
    Arbitrary<TaskRequest> task =
        Combinators.combine(
                Arbitraries.of("web", "db", "cache"),
                Arbitraries.integers().between(1, 8),
                Arbitraries.integers().between(1, 16))
            .as(
                (service, quarterCpus, halfGib) ->
                    new TaskRequest(
                        "",
                        "d",
                        service,
                        0,
                        List.of(),
                        new ResourceAmount(quarterCpus / 4.0, halfGib * (1L << 29)),
                        List.of()));
    return task.list()
        .ofMaxSize(25)
        .map(
            list -> {
              List<TaskRequest> out = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                TaskRequest t = list.get(i);
                out.add(
                    new TaskRequest(
                        "t" + i,
                        t.deployment(),
                        t.service(),
                        i + 1,
                        t.constraints(),
                        t.request(),
                        t.hostPorts()));
              }
              return out;
            });
  }
}
