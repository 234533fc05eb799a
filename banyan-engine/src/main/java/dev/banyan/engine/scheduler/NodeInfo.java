package dev.banyan.engine.scheduler;

import java.util.Map;

/**
 * What the scheduler knows of a node: whether it can take work and what it is labelled with.
 *
 * @param role the node's {@code node.role}: its {@code role} label, {@code worker} by default
 */
public record NodeInfo(
    String name, boolean ready, boolean drained, Map<String, String> labels, String role) {
  public NodeInfo {
    labels = Map.copyOf(labels);
  }

  /** A node whose role comes from its {@code role} label. */
  public static NodeInfo of(
      String name, boolean ready, boolean drained, Map<String, String> labels) {
    return new NodeInfo(name, ready, drained, labels, labels.getOrDefault("role", "worker"));
  }
}
