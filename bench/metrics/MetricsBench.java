import dev.banyan.agent.metrics.AgentMeters;
import dev.banyan.agent.metrics.CgroupReader;
import dev.banyan.agent.metrics.MetricsCollector;
import dev.banyan.agent.metrics.NodeSampler;
import dev.banyan.agent.metrics.RuntimeStatsFallback;
import dev.banyan.agent.reconcile.NodeView;
import dev.banyan.agent.runtime.CliContainerRuntime;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.Dialect;
import dev.banyan.agent.runtime.ProcessRunner;
import dev.banyan.agent.runtime.RuntimeSelector;
import com.sun.management.OperatingSystemMXBean;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): CPU the agent's metrics collection costs with the node's containers
 * (started by run.sh), as CPU seconds of this process per minute of collection at the agent's
 * 5 s interval, against the same process idle for a minute with collection off.
 */
public final class MetricsBench {
  public static void main(String[] args) throws Exception {
    String node = args[0];
    Duration minute = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
    ProcessRunner runner = new ProcessRunner();
    Dialect dialect = new RuntimeSelector(runner).select("podman", "auto");
    List<ContainerInfo> containers =
        new CliContainerRuntime(dialect, runner).list(Map.of("banyan.node", node));
    Map<String, ContainerInfo> byTask = new HashMap<>();
    containers.forEach(c -> byTask.put(c.label("banyan.task").orElse(c.id()), c));
    NodeView view = new NodeView(Map.of(), byTask);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AgentMeters meters = new AgentMeters(registry, node);
    MetricsCollector collector =
        new MetricsCollector(
            node,
            () -> view,
            CgroupReader.host(),
            Path.of("/proc"),
            new RuntimeStatsFallback(dialect.base(), runner),
            new NodeSampler(node, Path.of("/var/lib/containers/storage"), Path.of("/proc")),
            List::of,
            meters::update,
            Clock.systemUTC(),
            Duration.ofSeconds(5));
    // Warm-up: JIT and the first (rate-less) samples.
    for (int i = 0; i < 20; i++) {
      collector.collect();
      registry.scrape();
    }
    int read = collector.collect().getContainersCount();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    long idleStart = os.getProcessCpuTime();
    Thread.sleep(minute.toMillis());
    double idle = (os.getProcessCpuTime() - idleStart) / 1e9;

    long start = os.getProcessCpuTime();
    long end = System.nanoTime() + minute.toNanos();
    int samples = 0;
    while (System.nanoTime() < end) {
      collector.collect();
      samples++;
      Thread.sleep(5000);
    }
    double busy = (os.getProcessCpuTime() - start) / 1e9;

    long loopStart = os.getProcessCpuTime();
    for (int i = 0; i < 200; i++) {
      collector.collect();
    }
    double perSample = (os.getProcessCpuTime() - loopStart) / 1e9 / 200;

    double perMinute = (busy - idle) * 60.0 / minute.toSeconds();
    System.out.printf("containers on node: %d, read per sample: %d%n", containers.size(), read);
    System.out.printf("samples in the window: %d (every 5 s)%n", samples);
    System.out.printf("CPU, collection on:  %.3f s per minute%n", busy * 60.0 / minute.toSeconds());
    System.out.printf("CPU, collection off: %.3f s per minute%n", idle * 60.0 / minute.toSeconds());
    System.out.printf(
        "overhead: %.3f s per minute = %.2f%% of one core%n", perMinute, perMinute / 60 * 100);
    System.out.printf("one sample of %d containers (tight loop): %.2f ms CPU%n", read, perSample * 1000);
    System.exit(0);
  }
}
