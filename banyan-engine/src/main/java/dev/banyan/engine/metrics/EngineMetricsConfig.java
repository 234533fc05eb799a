package dev.banyan.engine.metrics;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's metrics settings.
 *
 * @param listen where {@code /metrics} and {@code /api/v1/metrics} are served; empty: not served
 * @param retention how long agents' samples are kept in etcd
 * @param spacing at most one stored sample per node per spacing (bounds the window's size)
 */
public record EngineMetricsConfig(
    Optional<InetSocketAddress> listen, Duration retention, Duration spacing) {

  /** The defaults with no HTTP server: 15 minutes kept, one sample per node every 5 s. */
  public static EngineMetricsConfig defaults() {
    return new EngineMetricsConfig(Optional.empty(), Duration.ofMinutes(15), Duration.ofSeconds(5));
  }
}
