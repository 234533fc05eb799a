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

  /**
   * Ready, not drained, constraints met, host ports free, requests fit; then spread, then most
   * available resources.
   */
  public static Scheduler standard() {
    return new Scheduler(
        List.of(
            new ReadyFilter(),
            new AvailabilityFilter(),
            new ConstraintFilter(),
            new HostPortFilter(),
            new ResourceFilter()),
        MostAvailableScorer.balanced());
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
      // Rejection -> the nodes it turned down, in the order first seen so the sentence is stable.
      Map<Rejection, Rejected> rejections = new LinkedHashMap<>();
      for (NodeInfo node : nodes) {
        Optional<Rejected> rejection = firstRejection(task, node, load);
        if (rejection.isPresent()) {
          rejections
              .computeIfAbsent(rejection.get().rejection(), r -> rejection.get())
              .nodes()
              .add(node);
        } else {
          feasible.add(node);
        }
      }
      Optional<NodeInfo> chosen = feasible.stream().min(scorer.order(task, load));
      if (chosen.isPresent()) {
        String why = why(task, chosen.get(), feasible.size(), load);
        assignments.add(new Plan.Assignment(task.id(), chosen.get().name(), why));
        load.add(chosen.get().name(), task);
      } else {
        pending.add(new Plan.Pending(task.id(), explain(task, rejections, load)));
      }
    }
    return new Plan(assignments, pending);
  }

  /** The nodes one filter turned down for one reason. */
  private record Rejected(NodeFilter filter, Rejection rejection, List<NodeInfo> nodes) {}

  private Optional<Rejected> firstRejection(TaskRequest task, NodeInfo node, NodeLoad load) {
    for (NodeFilter filter : filters) {
      Optional<Rejection> rejection = filter.check(task, node, load);
      if (rejection.isPresent()) {
        return Optional.of(new Rejected(filter, rejection.get(), new ArrayList<>()));
      }
    }
    return Optional.empty();
  }

  private static String explain(
      TaskRequest task, Map<Rejection, Rejected> rejections, NodeLoad load) {
    if (rejections.isEmpty()) {
      return "no node fits: no node has registered yet";
    }
    return "no node fits: "
        + rejections.values().stream()
            .map(
                r ->
                    r.rejection().describe(r.nodes().size())
                        + r.filter().detail(r.rejection(), task, r.nodes(), load))
            .collect(Collectors.joining(", "));
  }

  /** Why {@code node} was chosen, for {@code banyan-cli plan}. */
  private static String why(TaskRequest task, NodeInfo node, int feasible, NodeLoad load) {
    ResourceAmount free = load.free(node);
    int siblings = load.ofService(node.name(), task.serviceKey());
    String freeText =
        node.allocatable().equals(ResourceAmount.UNLIMITED)
            ? "no resource limit"
            : Quantities.cpus(free.cpus())
                + " CPU and "
                + Quantities.memory(free.memoryBytes())
                + " free";
    return (feasible == 1 ? "the only node that fits" : "best of " + feasible + " nodes that fit")
        + " ("
        + freeText
        + ", "
        + (siblings == 0 ? "no replica" : siblings + (siblings == 1 ? " replica" : " replicas"))
        + " of "
        + task.service()
        + " yet)";
  }
}
