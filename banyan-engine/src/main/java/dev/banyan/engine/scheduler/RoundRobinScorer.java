package dev.banyan.engine.scheduler;

import java.util.Comparator;

/**
 * Spreads a service's replicas: fewest tasks of that service first, then fewest tasks overall, then
 * by name so that equal inputs always give equal plans.
 */
public final class RoundRobinScorer implements NodeScorer {
  @Override
  public Comparator<NodeInfo> order(TaskRequest task, NodeLoad load) {
    return Comparator.<NodeInfo>comparingInt(n -> load.ofService(n.name(), task.serviceKey()))
        .thenComparingInt(n -> load.total(n.name()))
        .thenComparing(NodeInfo::name);
  }
}
