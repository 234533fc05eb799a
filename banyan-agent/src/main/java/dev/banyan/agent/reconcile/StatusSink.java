package dev.banyan.agent.reconcile;

import dev.banyan.proto.v1.TaskStatus;

/** Where the reconciler sends the observed status of a task whenever it changes. */
@FunctionalInterface
public interface StatusSink {
  /** Records a task's latest status. */
  void report(String taskId, TaskStatus status);
}
