package dev.banyan.engine.scheduler;

import java.util.Map;

/**
 * What the scheduler knows of a node: whether it can take work, what it is labelled with and what
 * it can give to tasks' requests.
 *
 * @param role the node's {@code node.role}: its {@code role} label, {@code worker} by default
 * @param allocatable capacity minus the agent's reserve
 * @param reserved the agent's reserve (for explanations only)
 */
public record NodeInfo(
    String name,
    boolean ready,
    boolean drained,
    Map<String, String> labels,
    String role,
    ResourceAmount allocatable,
    ResourceAmount reserved) {
  public NodeInfo {
    labels = Map.copyOf(labels);
  }

  /** A node with unlimited resources whose role comes from its {@code role} label. */
  public static NodeInfo of(
      String name, boolean ready, boolean drained, Map<String, String> labels) {
    return of(name, ready, drained, labels, ResourceAmount.UNLIMITED);
  }

  /** A node with {@code allocatable} resources whose role comes from its {@code role} label. */
  public static NodeInfo of(
      String name,
      boolean ready,
      boolean drained,
      Map<String, String> labels,
      ResourceAmount allocatable) {
    return new NodeInfo(
        name,
        ready,
        drained,
        labels,
        labels.getOrDefault("role", "worker"),
        allocatable,
        ResourceAmount.NONE);
  }
}
