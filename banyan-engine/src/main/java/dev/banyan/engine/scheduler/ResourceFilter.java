package dev.banyan.engine.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * A task fits a node when its request fits in the node's allocatable resources minus what the
 * node's tasks already request. The explanation gives the request and the most any node has free.
 */
public final class ResourceFilter implements NodeFilter {
  static final Rejection CPU = new Rejection("has insufficient CPU", "have insufficient CPU");
  static final Rejection MEMORY =
      new Rejection("has insufficient memory", "have insufficient memory");

  @Override
  public Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load) {
    ResourceAmount free = load.free(node);
    if (!free.cpusCover(task.request().cpus())) {
      return Optional.of(CPU);
    }
    if (free.memoryBytes() < task.request().memoryBytes()) {
      return Optional.of(MEMORY);
    }
    return Optional.empty();
  }

  @Override
  public String detail(Rejection rejection, TaskRequest task, List<NodeInfo> nodes, NodeLoad load) {
    if (rejection.equals(CPU)) {
      double most = nodes.stream().mapToDouble(n -> load.free(n).cpus()).max().orElse(0);
      return " (needs "
          + Quantities.cpusWithUnit(task.request().cpus())
          + ", most free "
          + Quantities.cpus(most)
          + ")";
    }
    if (rejection.equals(MEMORY)) {
      long most = nodes.stream().mapToLong(n -> load.free(n).memoryBytes()).max().orElse(0);
      return " (needs "
          + Quantities.memory(task.request().memoryBytes())
          + ", most free "
          + Quantities.memory(most)
          + ")";
    }
    return "";
  }
}
