package dev.banyan.agent.runtime;

import java.time.Instant;
import java.util.Optional;

/** One line a container wrote, with the stream it went to and when. */
public record LogEntry(Stream stream, Optional<Instant> timestamp, String text) {
  /** The container's output stream a line came from. */
  public enum Stream {
    STDOUT,
    STDERR
  }
}
