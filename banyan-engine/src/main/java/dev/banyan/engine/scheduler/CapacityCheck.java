package dev.banyan.engine.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Judges before anything is written whether a deployment can ever fit: its total requests against
 * the allocatable resources of the cluster's active nodes (ready or not: a node that is down for a
 * moment still counts), and each replica against the largest node. A deployment that fits in total
 * but not now is accepted; its tasks wait as PENDING with the scheduler's explanation.
 */
public final class CapacityCheck {
  /** One service of the deployment: how many replicas, each requesting {@code request}. */
  public record Demand(String service, int replicas, ResourceAmount request) {}

  private CapacityCheck() {}

  /**
   * Why {@code deployment} cannot fit on {@code nodes}, as one sentence; empty when it can, or when
   * no active node has registered (nothing to judge by: the tasks wait for nodes).
   */
  public static Optional<String> check(
      String deployment, List<Demand> demands, List<NodeInfo> nodes) {
    List<NodeInfo> active =
        nodes.stream()
            .filter(n -> !n.drained())
            .sorted(java.util.Comparator.comparing(NodeInfo::name))
            .toList();
    if (active.isEmpty()) {
      return Optional.empty();
    }
    for (Demand d : demands) {
      if (d.replicas() == 0) {
        continue;
      }
      double mostCpus = active.stream().mapToDouble(n -> n.allocatable().cpus()).max().orElse(0);
      long mostMemory =
          active.stream().mapToLong(n -> n.allocatable().memoryBytes()).max().orElse(0);
      if (d.request().cpus() > mostCpus + 1e-9) {
        return Optional.of(
            tooBig(
                d.service(),
                Quantities.cpusWithUnit(d.request().cpus()),
                Quantities.cpus(mostCpus)));
      }
      if (d.request().memoryBytes() > mostMemory) {
        return Optional.of(
            tooBig(
                d.service(),
                Quantities.memory(d.request().memoryBytes()) + " of memory",
                Quantities.memory(mostMemory)));
      }
    }
    ResourceAmount total = ResourceAmount.NONE;
    for (Demand d : demands) {
      for (int i = 0; i < d.replicas(); i++) {
        total = total.plus(d.request());
      }
    }
    ResourceAmount allocatable =
        active.stream()
            .map(NodeInfo::allocatable)
            .reduce(ResourceAmount.NONE, ResourceAmount::plus);
    List<String> shortfalls = new ArrayList<>();
    if (!allocatable.cpusCover(total.cpus())) {
      shortfalls.add(
          "it needs "
              + Quantities.cpusWithUnit(total.cpus())
              + "; the cluster has "
              + Quantities.cpus(allocatable.cpus())
              + " allocatable ("
              + breakdown(active, ResourceAmount::cpus, Quantities::cpus)
              + ")");
    }
    if (allocatable.memoryBytes() < total.memoryBytes()) {
      shortfalls.add(
          "it needs "
              + Quantities.memory(total.memoryBytes())
              + " of memory; the cluster has "
              + Quantities.memory(allocatable.memoryBytes())
              + " allocatable ("
              + breakdown(
                  active, r -> (double) r.memoryBytes(), v -> Quantities.memory((long) (double) v))
              + ")");
    }
    if (shortfalls.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "deployment '"
            + deployment
            + "' does not fit: "
            + String.join("; ", shortfalls)
            + "; lower its resource requests or add nodes");
  }

  private static String tooBig(String service, String needs, String largest) {
    return "service '"
        + service
        + "' needs "
        + needs
        + " per replica but the largest node has "
        + largest
        + " allocatable; lower its resource request or add a larger node";
  }

  /** "3 nodes × 4, minus 4 reserved", or "4 + 2, minus 1 reserved" when capacities differ. */
  private static String breakdown(
      List<NodeInfo> nodes,
      ToDoubleFunction<ResourceAmount> amount,
      Function<Double, String> format) {
    if (nodes.isEmpty()) {
      return "no active node";
    }
    List<Double> capacities =
        nodes.stream()
            .map(n -> amount.applyAsDouble(n.allocatable()) + amount.applyAsDouble(n.reserved()))
            .toList();
    double reserved = nodes.stream().mapToDouble(n -> amount.applyAsDouble(n.reserved())).sum();
    String text;
    if (capacities.stream().distinct().count() == 1) {
      text =
          nodes.size()
              + (nodes.size() == 1 ? " node × " : " nodes × ")
              + format.apply(capacities.get(0));
    } else {
      text = String.join(" + ", capacities.stream().map(format).toList());
    }
    return reserved > 0 ? text + ", minus " + format.apply(reserved) + " reserved" : text;
  }
}
