package dev.banyan.agent.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns cumulative counters into rates per second between consecutive samples of the same key. A
 * counter that went down (a restarted container) starts over; the first sample of a key has no rate
 * yet (0).
 */
public final class RateTracker {
  private record Last(double value, Instant at) {}

  private final Map<String, Last> last = new HashMap<>();

  /** The rate since the previous value of {@code key}, and remembers this one. */
  public synchronized double rate(String key, double value, Instant at) {
    Last previous = last.put(key, new Last(value, at));
    if (previous == null || value < previous.value() || !at.isAfter(previous.at())) {
      return 0;
    }
    double seconds = (at.toEpochMilli() - previous.at().toEpochMilli()) / 1000.0;
    return (value - previous.value()) / seconds;
  }

  /** Forgets every key not in {@code live}, so the tracker stays as big as the node. */
  public synchronized void retain(Set<String> live) {
    last.keySet().retainAll(live);
  }
}
