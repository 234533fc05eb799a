package dev.banyan.engine.scheduler;

import java.util.Comparator;

/**
 * Spreads a service's replicas first (fewest tasks of that service), then prefers the node with the
 * most available resources: a weighted sum of free CPU and free memory, each as a fraction of the
 * node's allocatable. Ties go to the node with fewer tasks, then to the first name, so equal inputs
 * always give equal plans.
 */
public final class MostAvailableScorer implements NodeScorer {
  private final double cpuWeight;
  private final double memoryWeight;

  public MostAvailableScorer(double cpuWeight, double memoryWeight) {
    this.cpuWeight = cpuWeight;
    this.memoryWeight = memoryWeight;
  }

  /** CPU and memory weigh the same. */
  public static MostAvailableScorer balanced() {
    return new MostAvailableScorer(0.5, 0.5);
  }

  /** How much of {@code node} is still free, from 0 (full) to 1 (empty). */
  public double availability(NodeInfo node, NodeLoad load) {
    ResourceAmount free = load.free(node);
    ResourceAmount all = node.allocatable();
    double cpu = all.cpus() > 0 ? free.cpus() / all.cpus() : 0;
    double memory = all.memoryBytes() > 0 ? (double) free.memoryBytes() / all.memoryBytes() : 0;
    return cpuWeight * cpu + memoryWeight * memory;
  }

  @Override
  public Comparator<NodeInfo> order(TaskRequest task, NodeLoad load) {
    String service = task.serviceKey(); // built once, not per comparison
    return Comparator.<NodeInfo>comparingInt(n -> load.ofService(n.name(), service))
        .thenComparing(Comparator.comparingDouble((NodeInfo n) -> availability(n, load)).reversed())
        .thenComparingInt(n -> load.total(n.name()))
        .thenComparing(NodeInfo::name);
  }
}
