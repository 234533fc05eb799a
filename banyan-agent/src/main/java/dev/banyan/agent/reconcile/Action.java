package dev.banyan.agent.reconcile;

import dev.banyan.proto.v1.Task;
import java.time.Duration;
import java.util.Optional;

/** A change the reconciler wants made to the node's containers; effects run it. */
public sealed interface Action {
  /** The task the action is for. */
  String taskId();

  /** Create and start a container for a task that has none. */
  record Create(Task task) implements Action {
    @Override
    public String taskId() {
      return task.getId();
    }
  }

  /** Start an exited (or created-but-never-started) container again. */
  record Restart(String taskId, String containerId) implements Action {}

  /** Stop (signal, grace) and remove a container. */
  record Remove(
      String taskId, String containerId, Optional<String> signal, Duration grace, String reason)
      implements Action {}
}
