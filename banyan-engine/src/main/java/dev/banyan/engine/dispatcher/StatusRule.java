package dev.banyan.engine.dispatcher;

import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;

/**
 * The forward-only rule of docs/design/task-model.md over {@code (restart_count, state)}: a report
 * is accepted when it restarts more, or restarts as often with a state at least as far along.
 * {@code SHUTDOWN} ends everything; {@code COMPLETE} and {@code FAILED} may only become {@code
 * SHUTDOWN} (the agent removed the exited container).
 */
public final class StatusRule {
  private StatusRule() {}

  /** Whether {@code next} may replace {@code current} ({@code hasCurrent}: a report exists). */
  public static boolean accepts(boolean hasCurrent, TaskStatus current, TaskStatus next) {
    if (next.getState() == TaskState.TASK_STATE_UNSPECIFIED) {
      return false;
    }
    if (!hasCurrent) {
      return true;
    }
    TaskState was = current.getState();
    if (was == TaskState.TASK_STATE_SHUTDOWN) {
      return false;
    }
    if (next.getState() == TaskState.TASK_STATE_SHUTDOWN) {
      // The agent removed the container: final, whatever restart count the report carries
      // (a crash-looping task is shut down between restarts).
      return true;
    }
    if (was == TaskState.TASK_STATE_COMPLETE || was == TaskState.TASK_STATE_FAILED) {
      return next.getState() == TaskState.TASK_STATE_SHUTDOWN;
    }
    if (next.getRestartCount() != current.getRestartCount()) {
      return next.getRestartCount() > current.getRestartCount();
    }
    return next.getState().getNumber() >= was.getNumber();
  }
}
