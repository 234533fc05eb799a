package dev.banyan.engine.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scheduler: a pure function from a snapshot and the tasks to place to a {@link Plan}. Filters
 * decide which nodes may run a task, the scorer picks among them.
 */
public final class Scheduler {
  private final List<NodeFilter> filters;
  private final NodeScorer scorer;

  public Scheduler(List<NodeFilter> filters, NodeScorer scorer) {
    this.filters = List.copyOf(filters);
    this.scorer = scorer;
  }

  /** Ready, not drained, constraints met; then round-robin. */
  public static Scheduler standard() {
    return new Scheduler(
        List.of(new ReadyFilter(), new AvailabilityFilter(), new ConstraintFilter()),
        new RoundRobinScorer());
  }

  /** Places {@code tasks} (in a deterministic order) on the nodes of {@code snapshot}. */
  public Plan schedule(ClusterSnapshot snapshot, List<TaskRequest> tasks) {
    NodeLoad load = NodeLoad.of(snapshot);
    List<NodeInfo> nodes =
        snapshot.nodes().stream().sorted(Comparator.comparing(NodeInfo::name)).toList();
    List<TaskRequest> ordered =
        tasks.stream()
            .sorted(
                Comparator.comparing(TaskRequest::deployment)
                    .thenComparing(TaskRequest::service)
                    .thenComparingInt(TaskRequest::replica)
                    .thenComparing(TaskRequest::id))
            .toList();
    List<Plan.Assignment> assignments = new ArrayList<>();
    List<Plan.Pending> pending = new ArrayList<>();
    for (TaskRequest task : ordered) {
      List<NodeInfo> feasible = new ArrayList<>();
      // Rejection -> count, in the order first seen so the sentence is stable.
      Map<Rejection, Integer> rejections = new LinkedHashMap<>();
      for (NodeInfo node : nodes) {
        Optional<Rejection> rejection = firstRejection(task, node, load);
        if (rejection.isPresent()) {
          rejections.merge(rejection.get(), 1, Integer::sum);
        } else {
          feasible.add(node);
        }
      }
      Optional<NodeInfo> chosen = feasible.stream().min(scorer.order(task, load));
      if (chosen.isPresent()) {
        assignments.add(new Plan.Assignment(task.id(), chosen.get().name()));
        load.add(chosen.get().name(), task.serviceKey());
      } else {
        pending.add(new Plan.Pending(task.id(), explain(rejections)));
      }
    }
    return new Plan(assignments, pending);
  }

  private Optional<Rejection> firstRejection(TaskRequest task, NodeInfo node, NodeLoad load) {
    for (NodeFilter filter : filters) {
      Optional<Rejection> rejection = filter.check(task, node, load);
      if (rejection.isPresent()) {
        return rejection;
      }
    }
    return Optional.empty();
  }

  private static String explain(Map<Rejection, Integer> rejections) {
    if (rejections.isEmpty()) {
      return "no node fits: no node has registered yet";
    }
    return "no node fits: "
        + rejections.entrySet().stream()
            .map(e -> e.getKey().describe(e.getValue()))
            .collect(Collectors.joining(", "));
  }
}
