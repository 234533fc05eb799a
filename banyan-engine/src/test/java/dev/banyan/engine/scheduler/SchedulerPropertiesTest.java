package dev.banyan.engine.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SchedulerPropertiesTest {
  private final Scheduler scheduler = Scheduler.standard();

  @Property
  void neverAssignsToADownOrDrainedNode(
      @ForAll("nodes") List<NodeInfo> nodes, @ForAll @IntRange(min = 0, max = 30) int replicas) {
    Plan plan =
        scheduler.schedule(
            new ClusterSnapshot(nodes, List.of()), SchedulerTest.replicas("web", replicas));
    Set<String> usable =
        nodes.stream()
            .filter(n -> n.ready() && !n.drained())
            .map(NodeInfo::name)
            .collect(Collectors.toSet());
    assertThat(plan.assignments()).allSatisfy(a -> assertThat(usable).contains(a.node()));
    assertThat(plan.assignments().size() + plan.pending().size()).isEqualTo(replicas);
    if (!usable.isEmpty()) {
      assertThat(plan.pending()).isEmpty();
    }
  }

  @Property
  void isDeterministic(
      @ForAll("nodes") List<NodeInfo> nodes, @ForAll @IntRange(min = 0, max = 20) int replicas) {
    List<TaskRequest> tasks = SchedulerTest.replicas("web", replicas);
    Plan first = scheduler.schedule(new ClusterSnapshot(nodes, List.of()), tasks);
    List<NodeInfo> reversed = new ArrayList<>(nodes);
    java.util.Collections.reverse(reversed);
    assertThat(scheduler.schedule(new ClusterSnapshot(reversed, List.of()), tasks))
        .isEqualTo(first);
  }

  @Property
  void spreadsOneServiceEvenlyOverUsableNodes(
      @ForAll("nodes") List<NodeInfo> nodes, @ForAll @IntRange(min = 0, max = 30) int replicas) {
    Plan plan =
        scheduler.schedule(
            new ClusterSnapshot(nodes, List.of()), SchedulerTest.replicas("web", replicas));
    Map<String, Integer> perNode = new HashMap<>();
    plan.assignments().forEach(a -> perNode.merge(a.node(), 1, Integer::sum));
    long usable = nodes.stream().filter(n -> n.ready() && !n.drained()).count();
    if (usable > 0) {
      int max = perNode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      int min =
          perNode.size() < usable
              ? 0
              : perNode.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      assertThat(max - min).isLessThanOrEqualTo(1);
    }
  }

  @Provide
  Arbitrary<List<NodeInfo>> nodes() {
    Arbitrary<NodeInfo> node =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false))
            .as((name, ready, drained) -> NodeInfo.of(name, ready, drained, Map.of()));
    return node.list().ofMaxSize(8).uniqueElements(NodeInfo::name);
  }
}
