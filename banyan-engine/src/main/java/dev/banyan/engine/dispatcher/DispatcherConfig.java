package dev.banyan.engine.dispatcher;

import java.time.Duration;

/**
 * How agents keep their sessions: the heartbeat period they are told to use and how long a session
 * lives without one (the etcd lease TTL).
 */
public record DispatcherConfig(Duration heartbeatPeriod, Duration nodeTimeout) {
  public DispatcherConfig {
    if (nodeTimeout.compareTo(heartbeatPeriod) <= 0) {
      throw new IllegalArgumentException(
          "--node-timeout ("
              + nodeTimeout.toMillis()
              + " ms) must be longer than --heartbeat-period ("
              + heartbeatPeriod.toMillis()
              + " ms); use at least three heartbeat periods");
    }
  }

  /** 2 s heartbeats, 6 s node timeout. */
  public static DispatcherConfig defaults() {
    return new DispatcherConfig(Duration.ofSeconds(2), Duration.ofSeconds(6));
  }
}
