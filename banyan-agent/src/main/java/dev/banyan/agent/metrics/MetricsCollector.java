package dev.banyan.agent.metrics;

import com.google.protobuf.Timestamp;
import dev.banyan.agent.reconcile.NodeView;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerState;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.MetricsSample;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.ServiceTraffic;
import dev.banyan.proto.v1.Task;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the node and every running Banyan container of this node every {@code interval}: cgroup
 * files and {@code /proc} first, the runtime's stats for containers those cannot cover. The latest
 * sample goes to the engine with the next heartbeat and to the {@code /metrics} meters.
 */
public final class MetricsCollector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsCollector.class);

  private final String node;
  private final Supplier<NodeView> view;
  private final CgroupReader cgroups;
  private final Path procRoot;
  private final RuntimeStatsFallback fallback;
  private final NodeSampler nodeSampler;
  private final Supplier<List<ServiceTraffic>> traffic;
  private final Consumer<MetricsSample> listener;
  private final Clock clock;
  private final Duration interval;
  private final RateTracker cpuRates = new RateTracker();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "metrics-collector");
            t.setDaemon(true);
            return t;
          });
  private volatile Optional<MetricsSample> latest = Optional.empty();

  public MetricsCollector(
      String node,
      Supplier<NodeView> view,
      CgroupReader cgroups,
      Path procRoot,
      RuntimeStatsFallback fallback,
      NodeSampler nodeSampler,
      Supplier<List<ServiceTraffic>> traffic,
      Consumer<MetricsSample> listener,
      Clock clock,
      Duration interval) {
    this.node = node;
    this.view = view;
    this.cgroups = cgroups;
    this.procRoot = procRoot;
    this.fallback = fallback;
    this.nodeSampler = nodeSampler;
    this.traffic = traffic;
    this.listener = listener;
    this.clock = clock;
    this.interval = interval;
  }

  /** Samples now and then every interval. */
  public MetricsCollector start() {
    timer.scheduleWithFixedDelay(
        this::collectQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** The latest sample; empty before the first one. */
  public Optional<MetricsSample> latest() {
    return latest;
  }

  private void collectQuietly() {
    try {
      collect();
    } catch (RuntimeException e) {
      log.warn("collecting metrics failed", e);
    }
  }

  /** Takes one sample (the timer calls this; benchmarks and tests may too). */
  public MetricsSample collect() {
    Instant now = clock.instant();
    Timestamp at =
        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    NodeView v = view.get();
    List<ContainerInfo> running = new ArrayList<>();
    v.containersByTask().values().stream()
        .filter(c -> c.state() == ContainerState.RUNNING)
        .forEach(running::add);
    List<ContainerMetrics> containers = new ArrayList<>();
    List<ContainerInfo> unread = new ArrayList<>();
    Set<String> live = new HashSet<>();
    for (ContainerInfo c : running) {
      Optional<CgroupStats> stats = c.pid() > 0 ? cgroups.read(c.pid()) : Optional.empty();
      Optional<long[]> net = c.pid() > 0 ? ProcFiles.netDev(procRoot, c.pid()) : Optional.empty();
      if (stats.isEmpty() || net.isEmpty()) {
        unread.add(c);
        continue;
      }
      live.add(c.id());
      containers.add(metrics(c, v, at, now, stats.get(), net.get()[0], net.get()[1]));
    }
    if (!unread.isEmpty()) {
      Map<String, RuntimeStatsFallback.Stats> byId =
          fallback.read(unread.stream().map(ContainerInfo::id).toList());
      for (ContainerInfo c : unread) {
        RuntimeStatsFallback.Stats s = byId.get(c.id());
        if (s != null) {
          live.add(c.id());
          containers.add(metrics(c, v, at, now, s.cgroup(), s.rxBytes(), s.txBytes()));
        }
      }
    }
    cpuRates.retain(live);
    cgroups.retain(
        running.stream().map(ContainerInfo::pid).collect(java.util.stream.Collectors.toSet()));
    NodeMetrics nodeMetrics = nodeSampler.sample(now, running.size());
    MetricsSample sample =
        MetricsSample.newBuilder()
            .setNode(nodeMetrics)
            .addAllContainers(containers)
            .addAllTraffic(traffic.get())
            .build();
    latest = Optional.of(sample);
    listener.accept(sample);
    return sample;
  }

  private ContainerMetrics metrics(
      ContainerInfo c, NodeView v, Timestamp at, Instant now, CgroupStats s, long rx, long tx) {
    String taskId = c.label("banyan.task").orElse("");
    int restarts = v.task(taskId).map(Task::getStatus).map(st -> st.getRestartCount()).orElse(0);
    return ContainerMetrics.newBuilder()
        .setTaskId(taskId)
        .setDeployment(c.label("banyan.deployment").orElse(""))
        .setService(c.label("banyan.service").orElse(""))
        .setReplica(parseInt(c.label("banyan.replica").orElse("0")))
        .setNode(node)
        .setSampledAt(at)
        .setCpuSecondsTotal(s.cpuSeconds())
        .setCpuUsageCores(cpuRates.rate(c.id(), s.cpuSeconds(), now))
        .setMemoryUsageBytes(s.memoryUsageBytes())
        .setMemoryLimitBytes(s.memoryLimitBytes())
        .setRestarts(restarts)
        .setNetworkRxBytes(rx)
        .setNetworkTxBytes(tx)
        .setBlockReadBytes(s.blockReadBytes())
        .setBlockWriteBytes(s.blockWriteBytes())
        .build();
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
