package dev.banyan.agent.metrics;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's metrics and routing-mesh settings.
 *
 * @param listen where {@code /metrics} is served; empty: not served (collection still runs)
 * @param interval how often containers and the node are sampled
 * @param mesh whether this agent runs the routing mesh (then it, not the runtime, owns the
 *     published TCP host ports)
 * @param meshListenAddress the address mesh listeners bind to unless a port names its own
 */
public record MetricsConfig(
    Optional<InetSocketAddress> listen, Duration interval, boolean mesh, String meshListenAddress) {

  /** No metrics server, no mesh; sampling every 5 s (agents embedded in tests). */
  public static MetricsConfig off() {
    return new MetricsConfig(Optional.empty(), Duration.ofSeconds(5), false, "0.0.0.0");
  }
}
