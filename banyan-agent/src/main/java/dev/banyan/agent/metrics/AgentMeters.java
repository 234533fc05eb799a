package dev.banyan.agent.metrics;

import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.MetricsSample;
import dev.banyan.proto.v1.NodeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the collector's samples as Prometheus meters: node gauges, and per container counters
 * and gauges labelled with deployment, service, replica, task and node. Meters of containers that
 * are gone are removed, so a scrape shows only what runs.
 */
public final class AgentMeters {
  private final MeterRegistry registry;
  private final AtomicReference<NodeMetrics> node =
      new AtomicReference<>(NodeMetrics.getDefaultInstance());
  private final AtomicReference<Map<String, ContainerMetrics>> containers =
      new AtomicReference<>(Map.of());
  private final Map<String, List<Meter>> meters = new HashMap<>();

  public AgentMeters(MeterRegistry registry, String nodeName) {
    this.registry = registry;
    Tags tags = Tags.of("node", nodeName);
    nodeGauge("banyan.node.cpu.cores", "CPU cores of the node", tags, NodeMetrics::getCpuCores);
    nodeGauge(
        "banyan.node.cpu.usage.ratio",
        "Share of the node's CPU time in use (0 to 1) over the last interval",
        tags,
        n -> n.getCpuCores() > 0 ? n.getCpuUsedCores() / n.getCpuCores() : 0);
    nodeGauge(
        "banyan.node.memory.total.bytes", "Memory of the node", tags, n -> n.getMemoryTotalBytes());
    nodeGauge(
        "banyan.node.memory.available.bytes",
        "Memory available for new work (MemAvailable)",
        tags,
        n -> n.getMemoryAvailableBytes());
    nodeGauge(
        "banyan.node.disk.total.bytes",
        "Size of the file system holding the runtime's storage",
        tags,
        n -> n.getDiskTotalBytes());
    nodeGauge(
        "banyan.node.disk.free.bytes",
        "Free space on the file system holding the runtime's storage",
        tags,
        n -> n.getDiskFreeBytes());
    nodeGauge("banyan.node.load1", "1-minute load average", tags, NodeMetrics::getLoadAverage1M);
    nodeGauge(
        "banyan.node.containers",
        "Running Banyan containers on the node",
        tags,
        n -> n.getContainers());
  }

  private void nodeGauge(String name, String help, Tags tags, ToDoubleFunction<NodeMetrics> value) {
    Gauge.builder(name, node, r -> value.applyAsDouble(r.get()))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  /** Shows {@code sample} from now on. */
  public synchronized void update(MetricsSample sample) {
    node.set(sample.getNode());
    Map<String, ContainerMetrics> byTask = new HashMap<>();
    sample.getContainersList().forEach(c -> byTask.put(c.getTaskId(), c));
    containers.set(Map.copyOf(byTask));
    Set<String> gone = new java.util.HashSet<>(meters.keySet());
    gone.removeAll(byTask.keySet());
    for (String task : gone) {
      meters.remove(task).forEach(registry::remove);
    }
    byTask.forEach(
        (task, c) -> {
          if (!meters.containsKey(task)) {
            meters.put(task, register(task, c));
          }
        });
  }

  private List<Meter> register(String task, ContainerMetrics c) {
    Tags tags =
        Tags.of(
            "deployment", c.getDeployment(),
            "service", c.getService(),
            "replica", Integer.toString(c.getReplica()),
            "task", task,
            "node", c.getNode());
    List<Meter> out = new ArrayList<>();
    out.add(
        counter(
            "banyan.container.cpu.seconds",
            "CPU time used by the container",
            task,
            tags,
            ContainerMetrics::getCpuSecondsTotal));
    out.add(
        gauge(
            "banyan.container.cpu.usage.ratio",
            "CPU cores used over the last interval (1 = one full core)",
            task,
            tags,
            ContainerMetrics::getCpuUsageCores));
    out.add(
        gauge(
            "banyan.container.memory.usage.bytes",
            "Memory in use (working set: usage minus inactive file cache)",
            task,
            tags,
            c2 -> c2.getMemoryUsageBytes()));
    out.add(
        gauge(
            "banyan.container.memory.limit.bytes",
            "Memory limit (0: unlimited)",
            task,
            tags,
            c2 -> c2.getMemoryLimitBytes()));
    out.add(
        counter(
            "banyan.container.restarts",
            "Restarts of the task's container by its restart policy",
            task,
            tags,
            c2 -> c2.getRestarts()));
    out.add(
        counter(
            "banyan.container.network.receive.bytes",
            "Bytes received on the container's interfaces",
            task,
            tags,
            c2 -> c2.getNetworkRxBytes()));
    out.add(
        counter(
            "banyan.container.network.transmit.bytes",
            "Bytes sent on the container's interfaces",
            task,
            tags,
            c2 -> c2.getNetworkTxBytes()));
    out.add(
        counter(
            "banyan.container.block.read.bytes",
            "Bytes read from block devices",
            task,
            tags,
            c2 -> c2.getBlockReadBytes()));
    out.add(
        counter(
            "banyan.container.block.write.bytes",
            "Bytes written to block devices",
            task,
            tags,
            c2 -> c2.getBlockWriteBytes()));
    return out;
  }

  private Meter counter(
      String name, String help, String task, Tags tags, ToDoubleFunction<ContainerMetrics> value) {
    return FunctionCounter.builder(name, containers, m -> read(m, task, value))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  private Meter gauge(
      String name, String help, String task, Tags tags, ToDoubleFunction<ContainerMetrics> value) {
    return Gauge.builder(name, containers, m -> read(m, task, value))
        .description(help)
        .tags(tags)
        .register(registry);
  }

  private static double read(
      AtomicReference<Map<String, ContainerMetrics>> ref,
      String task,
      ToDoubleFunction<ContainerMetrics> value) {
    ContainerMetrics c = ref.get().get(task);
    return c == null ? Double.NaN : value.applyAsDouble(c);
  }
}
