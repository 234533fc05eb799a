package dev.banyan.cli.support;

import com.google.protobuf.Timestamp;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.time.Duration;
import java.time.Instant;

/**
 * How the CLI presents a task: its effective state, health and ages, as docs/design/task-model.md
 * defines.
 */
public final class Tasks {
  private Tasks() {}

  /** The agent's observed state once it has reported, otherwise the scheduler's. */
  public static TaskState effectiveState(Task task) {
    TaskState observed = task.getStatus().getState();
    if (observed != TaskState.TASK_STATE_UNSPECIFIED) {
      return observed;
    }
    return task.getSchedulerState() == TaskState.TASK_STATE_UNSPECIFIED
        ? TaskState.TASK_STATE_NEW
        : task.getSchedulerState();
  }

  /** {@code RUNNING}, {@code PENDING}... without the enum prefix. */
  public static String stateName(TaskState state) {
    return state.name().replace("TASK_STATE_", "");
  }

  public static String healthName(Health health) {
    return health == Health.HEALTH_UNSPECIFIED
        ? "-"
        : health.name().replace("HEALTH_", "").toLowerCase();
  }

  /** Whether the task's container runs, whatever its health (the RUNNING column and uptime). */
  public static boolean isRunning(Task task) {
    return effectiveState(task) == TaskState.TASK_STATE_RUNNING;
  }

  /** Human age such as {@code 5s}, {@code 3m}, {@code 2h}, {@code 4d}; "-" when unknown. */
  public static String age(Timestamp since, Instant now) {
    if (since.getSeconds() == 0 && since.getNanos() == 0) {
      return "-";
    }
    Duration d = Duration.between(Instant.ofEpochSecond(since.getSeconds(), since.getNanos()), now);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  /** A short container id as docker prints it. */
  public static String shortId(String containerId) {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}
