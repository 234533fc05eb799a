package dev.banyan.agent.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * Which part of a container's output to read.
 *
 * @param tail lines from the end; negative for all
 * @param since only lines at or after this instant
 * @param follow keep streaming new lines until the container stops
 */
public record LogQuery(int tail, Optional<Instant> since, boolean follow) {
  /** Everything the container wrote so far. */
  public static LogQuery all() {
    return new LogQuery(-1, Optional.empty(), false);
  }

  /** The last {@code lines} lines. */
  public static LogQuery tail(int lines) {
    return new LogQuery(lines, Optional.empty(), false);
  }
}
