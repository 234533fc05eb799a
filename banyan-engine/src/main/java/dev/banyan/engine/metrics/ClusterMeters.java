package dev.banyan.engine.metrics;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's cluster metrics: nodes and tasks by state, desired and running replicas per service
 * (refreshed from a store snapshot every {@code period}), scheduling latency and deploy counts.
 */
public final class ClusterMeters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterMeters.class);

  private final ClusterStore store;
  private final MultiGauge nodes;
  private final MultiGauge tasks;
  private final MultiGauge desired;
  private final MultiGauge running;
  private final Timer scheduling;
  private final Counter deploys;
  private final Counter deploysFailed;
  private final Duration period;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cluster-meters");
            t.setDaemon(true);
            return t;
          });

  public ClusterMeters(ClusterStore store, MeterRegistry registry, Duration period) {
    this.store = store;
    this.period = period;
    this.nodes =
        MultiGauge.builder("banyan.cluster.nodes")
            .description("Nodes by state (ready, down)")
            .register(registry);
    this.tasks =
        MultiGauge.builder("banyan.cluster.tasks")
            .description("Tasks by effective state (the agent's report, else the scheduler's)")
            .register(registry);
    this.desired =
        MultiGauge.builder("banyan.service.replicas.desired")
            .description("Replicas a service should run (tasks desired RUNNING)")
            .register(registry);
    this.running =
        MultiGauge.builder("banyan.service.replicas.running")
            .description("Replicas of a service whose container runs")
            .register(registry);
    this.scheduling =
        Timer.builder("banyan.scheduling.latency")
            .description("Time from a task's creation to its placement on a node")
            .serviceLevelObjectives(
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30))
            .register(registry);
    this.deploys =
        Counter.builder("banyan.deploys").description("Deploy requests").register(registry);
    this.deploysFailed =
        Counter.builder("banyan.deploys.failed")
            .description("Deploy requests that were rejected or failed")
            .register(registry);
  }

  /** Refreshes the gauges now and then every period. */
  public ClusterMeters start() {
    timer.scheduleWithFixedDelay(this::refreshQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Records that a task waited {@code latency} from creation to placement. */
  public void scheduled(Duration latency) {
    scheduling.record(latency.isNegative() ? Duration.ZERO : latency);
  }

  /** Records a deploy request and whether it succeeded. */
  public void deployed(boolean ok) {
    deploys.increment();
    if (!ok) {
      deploysFailed.increment();
    }
  }

  private void refreshQuietly() {
    try {
      refresh(store.snapshot());
    } catch (RuntimeException e) {
      log.debug("cannot refresh cluster metrics: {}", e.toString());
    }
  }

  /** Sets the gauges from a snapshot. */
  public void refresh(ClusterState state) {
    Map<String, Integer> byNodeState = new TreeMap<>(Map.of("ready", 0, "down", 0));
    for (Versioned<Node> n : state.nodes().values()) {
      String s = n.value().getState() == NodeState.NODE_STATE_READY ? "ready" : "down";
      byNodeState.merge(s, 1, Integer::sum);
    }
    Map<String, Integer> byTaskState = new TreeMap<>();
    Map<List<String>, Integer> desiredCount = new TreeMap<>(ClusterMeters::compareKeys);
    Map<List<String>, Integer> runningCount = new TreeMap<>(ClusterMeters::compareKeys);
    for (Versioned<Task> v : state.tasks().values()) {
      Task t = v.value();
      byTaskState.merge(stateName(effective(t)), 1, Integer::sum);
      List<String> key = List.of(t.getDeployment(), t.getService());
      if (t.getDesiredState() == TaskState.TASK_STATE_RUNNING) {
        desiredCount.merge(key, 1, Integer::sum);
        runningCount.merge(
            key, t.getStatus().getState() == TaskState.TASK_STATE_RUNNING ? 1 : 0, Integer::sum);
      }
    }
    nodes.register(rows(byNodeState, "state"), true);
    tasks.register(rows(byTaskState, "state"), true);
    desired.register(serviceRows(desiredCount), true);
    running.register(serviceRows(runningCount), true);
  }

  private static int compareKeys(List<String> a, List<String> b) {
    return String.join("/", a).compareTo(String.join("/", b));
  }

  private static TaskState effective(Task t) {
    return t.getStatus().getState() != TaskState.TASK_STATE_UNSPECIFIED
        ? t.getStatus().getState()
        : t.getSchedulerState();
  }

  private static String stateName(TaskState s) {
    return s.name().replace("TASK_STATE_", "").toLowerCase(Locale.ROOT);
  }

  private static List<MultiGauge.Row<?>> rows(Map<String, Integer> counts, String tag) {
    List<MultiGauge.Row<?>> out = new ArrayList<>();
    counts.forEach((k, v) -> out.add(MultiGauge.Row.of(Tags.of(tag, k), v)));
    return out;
  }

  private static List<MultiGauge.Row<?>> serviceRows(Map<List<String>, Integer> counts) {
    List<MultiGauge.Row<?>> out = new ArrayList<>();
    counts.forEach(
        (k, v) ->
            out.add(MultiGauge.Row.of(Tags.of("deployment", k.get(0), "service", k.get(1)), v)));
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
