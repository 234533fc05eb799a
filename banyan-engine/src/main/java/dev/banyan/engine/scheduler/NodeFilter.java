package dev.banyan.engine.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * One feasibility check of a node for a task. Filters run in order and the first rejection counts,
 * so the explanation names the most basic reason.
 */
public interface NodeFilter {
  /** Empty when the node may run the task, otherwise why not. */
  Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load);

  /**
   * Text appended to the count of {@code nodes} rejected with {@code rejection}, e.g. " (needs 4
   * GiB, most free 3.5 GiB)"; empty by default.
   */
  default String detail(
      Rejection rejection, TaskRequest task, List<NodeInfo> nodes, NodeLoad load) {
    return "";
  }
}
