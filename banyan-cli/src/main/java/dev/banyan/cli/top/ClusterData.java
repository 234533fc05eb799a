package dev.banyan.cli.top;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One poll's worth of what {@code top} shows, converted from the engine's messages: nodes, services
 * and their current containers, and metric series when the engine serves them.
 *
 * @param metricsAvailable false when the engine does not answer GetMetrics (yet); metric columns
 *     then show "-"
 * @param cpuSeries recent CPU cores per task id, oldest first, from GetMetrics series
 * @param memorySeries recent memory bytes per task id, oldest first
 */
public record ClusterData(
    Instant fetchedAt,
    List<NodeRow> nodes,
    List<ServiceRow> services,
    boolean metricsAvailable,
    Map<String, List<Double>> cpuSeries,
    Map<String, List<Double>> memorySeries) {

  public ClusterData {
    nodes = List.copyOf(nodes);
    services = List.copyOf(services);
    cpuSeries = Map.copyOf(cpuSeries);
    memorySeries = Map.copyOf(memorySeries);
  }

  /** Nothing known yet: before the first answer from the engine. */
  public static ClusterData empty() {
    return new ClusterData(Instant.EPOCH, List.of(), List.of(), false, Map.of(), Map.of());
  }

  /** One node with its capacity and what is in use (0 capacity: unknown). */
  public record NodeRow(
      String name,
      boolean ready,
      String state,
      double cpuCores,
      double cpuUsedCores,
      long memoryBytes,
      long memoryUsedBytes,
      long diskBytes,
      long diskUsedBytes,
      int tasks) {}

  /** One service with its replica counts, resource use and traffic. */
  public record ServiceRow(
      String deployment,
      String name,
      int desired,
      int running,
      OptionalDouble cpuCores,
      OptionalLong memoryBytes,
      OptionalDouble requestsPerSecond,
      OptionalDouble errorRatio,
      List<ContainerRow> containers) {

    public ServiceRow {
      containers = List.copyOf(containers);
    }

    /** {@code deployment/service}: stable identity across refreshes. */
    public String key() {
      return deployment + "/" + name;
    }
  }

  /** One current replica (a task the engine wants running) and what its container is doing. */
  public record ContainerRow(
      String taskId,
      String service,
      int replica,
      String node,
      String state,
      boolean running,
      String health,
      int restarts,
      Optional<Instant> startedAt,
      OptionalDouble cpuCores,
      OptionalLong memoryBytes) {

    /** {@code service.replica}, as {@code status} and {@code logs} print it. */
    public String label() {
      return service + "." + replica;
    }
  }
}
