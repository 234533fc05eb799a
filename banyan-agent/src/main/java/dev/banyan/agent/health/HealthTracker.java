package dev.banyan.agent.health;

import dev.banyan.proto.v1.Health;
import java.time.Duration;
import java.time.Instant;

/**
 * The health of one container from its check results, Docker's way: failures inside the start
 * period do not count, {@code retries} consecutive failures make it unhealthy, one success healthy.
 */
public record HealthTracker(
    Instant watchedSince, Duration startPeriod, int retries, int failures, Health health) {

  /** A container whose checks have not run yet. */
  public static HealthTracker start(Instant now, Duration startPeriod, int retries) {
    return new HealthTracker(now, startPeriod, Math.max(1, retries), 0, Health.HEALTH_STARTING);
  }

  /** The tracker after one check result at {@code now}. */
  public HealthTracker record(boolean success, Instant now) {
    if (success) {
      return new HealthTracker(watchedSince, startPeriod, retries, 0, Health.HEALTH_HEALTHY);
    }
    boolean inStartPeriod =
        health == Health.HEALTH_STARTING && now.isBefore(watchedSince.plus(startPeriod));
    if (inStartPeriod) {
      return this;
    }
    int f = failures + 1;
    return new HealthTracker(
        watchedSince, startPeriod, retries, f, f >= retries ? Health.HEALTH_UNHEALTHY : health);
  }
}
