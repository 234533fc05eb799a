package dev.banyan.agent;

import dev.banyan.agent.metrics.MetricsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's settings, as given on its command line.
 *
 * @param ociRuntime {@code auto} or the OCI runtime podman should use
 * @param advertiseAddress the address engines and other nodes reach this node at
 * @param vpc whether containers join the node's VPC bridge (false: the runtime's default network)
 * @param resources capacity overrides and the system reserve
 * @param metrics the metrics server, collection interval and routing mesh settings
 */
public record AgentConfig(
    List<String> engines,
    String nodeName,
    String runtime,
    String ociRuntime,
    InetSocketAddress listen,
    String advertiseAddress,
    Map<String, String> labels,
    Path dataDir,
    Optional<String> password,
    Duration resyncPeriod,
    boolean vpc,
    NodeResourceSettings resources,
    MetricsConfig metrics) {
  public AgentConfig {
    engines = List.copyOf(engines);
    labels = Map.copyOf(labels);
  }

  /** Settings with detected capacity, the default reserve and no metrics server or mesh. */
  public AgentConfig(
      List<String> engines,
      String nodeName,
      String runtime,
      String ociRuntime,
      InetSocketAddress listen,
      String advertiseAddress,
      Map<String, String> labels,
      Path dataDir,
      Optional<String> password,
      Duration resyncPeriod,
      boolean vpc) {
    this(
        engines,
        nodeName,
        runtime,
        ociRuntime,
        listen,
        advertiseAddress,
        labels,
        dataDir,
        password,
        resyncPeriod,
        vpc,
        NodeResourceSettings.DEFAULT,
        MetricsConfig.off());
  }
}
