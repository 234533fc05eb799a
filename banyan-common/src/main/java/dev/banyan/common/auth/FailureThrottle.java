package dev.banyan.common.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failures from one peer, that peer is
 * refused without a check for a back-off that doubles with each further failure (capped), and a
 * success clears its record.
 */
public final class FailureThrottle {
  static final int FREE_FAILURES = 5;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final int MAX_PEERS = 10_000;

  private record Record(int failures, Instant blockedUntil) {}

  private final Clock clock;
  private final Map<String, Record> peers = new ConcurrentHashMap<>();

  public FailureThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code peer} must still wait, or zero when it may try. */
  public Duration waitFor(String peer) {
    Record record = peers.get(peer);
    if (record == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), record.blockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  public void failure(String peer) {
    if (peers.size() > MAX_PEERS) {
      peers.clear(); // bounded memory under a flood of distinct peers
    }
    peers.compute(
        peer,
        (p, old) -> {
          int failures = old == null ? 1 : old.failures() + 1;
          Instant until = clock.instant();
          if (failures > FREE_FAILURES) {
            long factor = 1L << Math.min(20, failures - FREE_FAILURES - 1);
            Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
            until = until.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
          }
          return new Record(failures, until);
        });
  }

  public void success(String peer) {
    peers.remove(peer);
  }
}
