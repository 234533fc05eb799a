package dev.banyan.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler remembers about a task between passes: its restart count and back-off, the
 * exit it has already handled, and a create/start failure. Rebuilt from the engine's last known
 * status after an agent restart.
 *
 * @param nextBackoff the wait before the next restart
 * @param restartAt when the exited container is due to be started again
 * @param handledExit {@code containerId@finishedAt} of the exit already counted
 * @param startError the runtime's error text when the container could not be created or started
 */
public record TaskMemory(
    int restartCount,
    Duration nextBackoff,
    Duration currentBackoff,
    Optional<Instant> restartAt,
    Optional<String> handledExit,
    Optional<String> startError,
    List<String> lastLogLines) {

  public TaskMemory {
    lastLogLines = List.copyOf(lastLogLines);
  }

  /** A task the agent has not seen fail yet. */
  public static TaskMemory initial(int restartCount, Duration firstBackoff) {
    return new TaskMemory(
        restartCount,
        firstBackoff,
        Duration.ZERO,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  TaskMemory withStartError(String error) {
    return new TaskMemory(
        restartCount,
        nextBackoff,
        currentBackoff,
        restartAt,
        handledExit,
        Optional.of(error),
        lastLogLines);
  }

  TaskMemory withBackoff(Duration next) {
    return new TaskMemory(
        restartCount, next, currentBackoff, restartAt, handledExit, startError, lastLogLines);
  }

  TaskMemory restarted() {
    return new TaskMemory(
        restartCount,
        nextBackoff,
        currentBackoff,
        Optional.empty(),
        handledExit,
        startError,
        lastLogLines);
  }

  TaskMemory exitHandled(
      String exitKey, Instant due, Duration wait, Duration next, List<String> lines) {
    return new TaskMemory(
        restartCount + 1, next, wait, Optional.of(due), Optional.of(exitKey), startError, lines);
  }
}
