package dev.banyan.cli.top;

import com.google.protobuf.Timestamp;
import dev.banyan.cli.support.Tasks;
import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.DeploymentStatus;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListNodesResponse;
import dev.banyan.proto.v1.MetricPoint;
import dev.banyan.proto.v1.MetricSeries;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.ServiceMetrics;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Converts the engine's status, node and metrics answers into one {@link ClusterData}. */
public final class SnapshotMapper {
  /** Series names of the metrics contract (metrics.proto) that {@code top} draws. */
  static final String CPU_SERIES = "container_cpu_usage_cores";

  static final String MEMORY_SERIES = "container_memory_usage_bytes";

  private SnapshotMapper() {}

  /** Builds the snapshot; {@code metrics} is empty when the engine has no metrics API. */
  public static ClusterData map(
      GetStatusResponse status,
      ListNodesResponse nodes,
      Optional<GetMetricsResponse> metrics,
      Instant at) {
    Map<String, NodeMetrics> nodeMetrics = new HashMap<>();
    Map<String, ContainerMetrics> containerMetrics = new HashMap<>();
    Map<String, ServiceMetrics> serviceMetrics = new HashMap<>();
    Map<String, List<Double>> cpu = new HashMap<>();
    Map<String, List<Double>> memory = new HashMap<>();
    metrics.ifPresent(
        m -> {
          m.getNodesList().forEach(n -> nodeMetrics.put(n.getNode(), n));
          m.getContainersList().forEach(c -> containerMetrics.put(c.getTaskId(), c));
          m.getServicesList()
              .forEach(s -> serviceMetrics.put(s.getDeployment() + "/" + s.getService(), s));
          for (MetricSeries series : m.getSeriesList()) {
            String task = series.getLabelsOrDefault("task", "");
            if (task.isEmpty()) {
              continue;
            }
            if (series.getName().equals(CPU_SERIES)) {
              cpu.put(task, values(series));
            } else if (series.getName().equals(MEMORY_SERIES)) {
              memory.put(task, values(series));
            }
          }
        });
    List<NodeRow> nodeRows =
        nodes.getNodesList().stream()
            .map(n -> node(n, nodeMetrics.get(n.getNode().getName())))
            .toList();
    List<ServiceRow> serviceRows = new ArrayList<>();
    for (DeploymentStatus d : status.getDeploymentsList()) {
      for (ServiceStatus s : d.getServicesList()) {
        serviceRows.add(
            service(
                d.getName(),
                s,
                serviceMetrics.get(d.getName() + "/" + s.getName()),
                containerMetrics,
                metrics.isPresent()));
      }
    }
    return new ClusterData(at, nodeRows, serviceRows, metrics.isPresent(), cpu, memory);
  }

  private static List<Double> values(MetricSeries series) {
    return series.getPointsList().stream()
        .sorted(
            Comparator.comparingLong((MetricPoint p) -> p.getAt().getSeconds())
                .thenComparingInt(p -> p.getAt().getNanos()))
        .map(MetricPoint::getValue)
        .toList();
  }

  private static NodeRow node(NodeSummary summary, NodeMetrics metrics) {
    Node n = summary.getNode();
    double cores = n.getCapacity().getCpuCores();
    double used = n.getUsage().getCpuUsedCores();
    long memory = n.getCapacity().getMemoryBytes();
    long memoryAvailable = n.getUsage().getMemoryAvailableBytes();
    long disk = n.getCapacity().getDiskBytes();
    long diskFree = n.getUsage().getDiskFreeBytes();
    if (metrics != null) {
      // Metrics samples are fresher than the usage stored with the last heartbeat.
      cores = metrics.getCpuCores() > 0 ? metrics.getCpuCores() : cores;
      used = metrics.getCpuUsedCores();
      memory = metrics.getMemoryTotalBytes() > 0 ? metrics.getMemoryTotalBytes() : memory;
      memoryAvailable = metrics.getMemoryAvailableBytes();
      disk = metrics.getDiskTotalBytes() > 0 ? metrics.getDiskTotalBytes() : disk;
      diskFree = metrics.getDiskFreeBytes();
    }
    String state = n.getState().name().replace("NODE_STATE_", "");
    if (n.getAvailability() == dev.banyan.proto.v1.NodeAvailability.NODE_AVAILABILITY_DRAIN) {
      state = state + "/DRAIN";
    }
    return new NodeRow(
        n.getName(),
        n.getState() == dev.banyan.proto.v1.NodeState.NODE_STATE_READY,
        state,
        cores,
        used,
        memory,
        memory > 0 ? Math.max(0, memory - memoryAvailable) : 0,
        disk,
        disk > 0 ? Math.max(0, disk - diskFree) : 0,
        summary.getTaskCount());
  }

  private static ServiceRow service(
      String deployment,
      ServiceStatus s,
      ServiceMetrics metrics,
      Map<String, ContainerMetrics> containerMetrics,
      boolean metricsAvailable) {
    List<ContainerRow> containers =
        s.getTasksList().stream()
            .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
            .sorted(Comparator.comparingInt(Task::getReplica))
            .map(t -> container(t, containerMetrics.get(t.getId())))
            .toList();
    OptionalDouble cpu = OptionalDouble.empty();
    OptionalLong memory = OptionalLong.empty();
    OptionalDouble rps = OptionalDouble.empty();
    OptionalDouble errors = OptionalDouble.empty();
    if (metrics != null) {
      cpu = OptionalDouble.of(metrics.getCpuUsageCores());
      memory = OptionalLong.of(metrics.getMemoryUsageBytes());
      rps = OptionalDouble.of(metrics.getRequestsPerSecond());
      errors = OptionalDouble.of(metrics.getErrorRatio());
    } else if (metricsAvailable) {
      // No traffic entry (nothing proxied yet): sum what the containers report.
      cpu = sum(containers, c -> c.cpuCores());
      OptionalDouble mem =
          sum(
              containers,
              c ->
                  c.memoryBytes().isPresent()
                      ? OptionalDouble.of(c.memoryBytes().getAsLong())
                      : OptionalDouble.empty());
      memory = mem.isPresent() ? OptionalLong.of((long) mem.getAsDouble()) : OptionalLong.empty();
    }
    return new ServiceRow(
        deployment,
        s.getName(),
        s.getDesired(),
        s.getRunning(),
        cpu,
        memory,
        rps,
        errors,
        containers);
  }

  private static OptionalDouble sum(
      List<ContainerRow> containers, Function<ContainerRow, OptionalDouble> value) {
    List<OptionalDouble> known =
        containers.stream()
            .map(value)
            .filter(OptionalDouble::isPresent)
            .collect(Collectors.toList());
    if (known.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(known.stream().mapToDouble(OptionalDouble::getAsDouble).sum());
  }

  private static ContainerRow container(Task t, ContainerMetrics metrics) {
    TaskState state = Tasks.effectiveState(t);
    boolean running = state == TaskState.TASK_STATE_RUNNING;
    Timestamp started = t.getStatus().getStartedAt();
    Optional<Instant> startedAt =
        running && (started.getSeconds() != 0 || started.getNanos() != 0)
            ? Optional.of(Instant.ofEpochSecond(started.getSeconds(), started.getNanos()))
            : Optional.empty();
    int restarts = t.getStatus().getRestartCount();
    OptionalDouble cpu = OptionalDouble.empty();
    OptionalLong memory = OptionalLong.empty();
    if (metrics != null) {
      cpu = OptionalDouble.of(metrics.getCpuUsageCores());
      memory = OptionalLong.of(metrics.getMemoryUsageBytes());
      restarts = Math.max(restarts, metrics.getRestarts());
    }
    return new ContainerRow(
        t.getId(),
        t.getService(),
        t.getReplica(),
        t.getNode().isEmpty() ? "-" : t.getNode(),
        Tasks.stateName(state),
        running,
        Tasks.healthName(t.getStatus().getHealth()),
        restarts,
        startedAt,
        cpu,
        memory);
  }
}
