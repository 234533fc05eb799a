package dev.banyan.common.manifest.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A healthcheck; {@code test} is normalized to {@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]}
 * or {@code ["NONE"]}.
 */
public record Healthcheck(
    Optional<List<String>> test,
    Optional<Duration> interval,
    Optional<Duration> timeout,
    Optional<Integer> retries,
    Optional<Duration> startPeriod,
    Optional<Duration> startInterval,
    boolean disable) {
  public Healthcheck {
    test = test.map(List::copyOf);
  }

  /** Whether the check is switched off ({@code disable: true} or test {@code NONE}). */
  public boolean disabled() {
    return disable || test.map(t -> !t.isEmpty() && t.get(0).equals("NONE")).orElse(false);
  }
}
