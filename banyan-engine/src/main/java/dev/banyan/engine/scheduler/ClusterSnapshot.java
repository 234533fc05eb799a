package dev.banyan.engine.scheduler;

import java.util.List;

/** The scheduler's read-only input: the nodes and the tasks already placed on them. */
public record ClusterSnapshot(List<NodeInfo> nodes, List<PlacedTask> placed) {
  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
    placed = List.copyOf(placed);
  }
}
