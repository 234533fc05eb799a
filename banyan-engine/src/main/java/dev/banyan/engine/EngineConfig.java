package dev.banyan.engine;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything an engine needs to start, with the defaults of the command line. {@code failureGrace}:
 * after an engine takes over the controllers, how long agents get to register again before nodes
 * without a session are marked DOWN.
 */
public record EngineConfig(
    InetSocketAddress listen,
    List<String> etcdEndpoints,
    Path dataDir,
    Duration heartbeatPeriod,
    Duration nodeTimeout,
    Duration leaderTtl,
    Duration controllerTick,
    Duration failureGrace) {
  public EngineConfig {
    etcdEndpoints = List.copyOf(etcdEndpoints);
  }

  /** Defaults for everything but where to listen and which etcd to use. */
  public static EngineConfig of(
      InetSocketAddress listen, List<String> etcdEndpoints, Path dataDir) {
    return new EngineConfig(
        listen,
        etcdEndpoints,
        dataDir,
        Duration.ofSeconds(2),
        Duration.ofSeconds(6),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofSeconds(18));
  }
}
