package dev.banyan.engine.scheduler;

import java.util.Optional;

/**
 * One feasibility check of a node for a task. Filters run in order and the first rejection counts,
 * so the explanation names the most basic reason. Resource filters join this list later.
 */
public interface NodeFilter {
  /** Empty when the node may run the task, otherwise why not. */
  Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load);
}
