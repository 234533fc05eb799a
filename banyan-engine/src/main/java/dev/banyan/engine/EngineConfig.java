package dev.banyan.engine;

import dev.banyan.engine.scheduler.ResourceDefaults;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything an engine needs to start, with the defaults of the command line. {@code failureGrace}:
 * after an engine takes over the controllers, how long agents get to register again before nodes
 * without a session are marked DOWN. {@code taskDefaults}: what a task requests when its service
 * declares no resources.
 */
public record EngineConfig(
    InetSocketAddress listen,
    List<String> etcdEndpoints,
    Path dataDir,
    Duration heartbeatPeriod,
    Duration nodeTimeout,
    Duration leaderTtl,
    Duration controllerTick,
    Duration failureGrace,
    ResourceDefaults taskDefaults) {
  public EngineConfig {
    etcdEndpoints = List.copyOf(etcdEndpoints);
  }

  /** A configuration with the standard task defaults (1 CPU, 512 MiB). */
  public EngineConfig(
      InetSocketAddress listen,
      List<String> etcdEndpoints,
      Path dataDir,
      Duration heartbeatPeriod,
      Duration nodeTimeout,
      Duration leaderTtl,
      Duration controllerTick,
      Duration failureGrace) {
    this(
        listen,
        etcdEndpoints,
        dataDir,
        heartbeatPeriod,
        nodeTimeout,
        leaderTtl,
        controllerTick,
        failureGrace,
        ResourceDefaults.STANDARD);
  }

  /** This configuration with other task defaults. */
  public EngineConfig withTaskDefaults(ResourceDefaults defaults) {
    return new EngineConfig(
        listen,
        etcdEndpoints,
        dataDir,
        heartbeatPeriod,
        nodeTimeout,
        leaderTtl,
        controllerTick,
        failureGrace,
        defaults);
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
