package dev.banyan.agent.reconcile;

import dev.banyan.proto.v1.Task;
import java.time.Duration;
import java.util.List;
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

  /**
   * Stop (signal, grace) and remove a container, then the named {@code volumes} (those of a
   * deployment removed with {@code down --volumes}; usually none).
   */
  record Remove(
      String taskId,
      String containerId,
      Optional<String> signal,
      Duration grace,
      String reason,
      List<String> volumes)
      implements Action {
    public Remove {
      volumes = List.copyOf(volumes);
    }

    public Remove(
        String taskId, String containerId, Optional<String> signal, Duration grace, String reason) {
      this(taskId, containerId, signal, grace, reason, List.of());
    }
  }
}
