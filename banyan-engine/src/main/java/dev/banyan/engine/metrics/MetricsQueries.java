package dev.banyan.engine.metrics;

import com.google.protobuf.Timestamp;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.MetricPoint;
import dev.banyan.proto.v1.MetricSeries;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.ServiceMetrics;
import dev.banyan.proto.v1.ServiceTraffic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Answers {@code GetMetrics} from the stored window: the latest sample of every node for current
 * values, service rates over the last {@code rateWindow} (or the requested range), and series of
 * every sample in the range.
 */
public final class MetricsQueries {
  private final MetricsStore store;
  private final Clock clock;
  private final Duration rateWindow;

  public MetricsQueries(MetricsStore store, Clock clock, Duration rateWindow) {
    this.store = store;
    this.clock = clock;
    this.rateWindow = rateWindow;
  }

  /** The response for a request (deployment empty: all; range 0: current values only). */
  public GetMetricsResponse query(GetMetricsRequest request) {
    Duration range =
        Duration.ofSeconds(request.getRange().getSeconds(), request.getRange().getNanos());
    if (range.isNegative()) {
      throw new IllegalArgumentException("range must not be negative");
    }
    Duration window = range.compareTo(rateWindow) > 0 ? range : rateWindow;
    Instant now = clock.instant();
    List<MetricsStore.Stored> samples = new ArrayList<>(store.since(now.minus(window)));
    samples.sort(Comparator.comparing(MetricsStore.Stored::receivedAt));
    String deployment = request.getDeployment();
    Map<String, MetricsStore.Stored> latest = new TreeMap<>();
    samples.forEach(s -> latest.put(s.node(), s));

    GetMetricsResponse.Builder out = GetMetricsResponse.newBuilder();
    List<ContainerMetrics> containers = new ArrayList<>();
    for (MetricsStore.Stored s : latest.values()) {
      out.addNodes(s.sample().getNode());
      s.sample().getContainersList().stream()
          .filter(c -> deployment.isEmpty() || c.getDeployment().equals(deployment))
          .forEach(containers::add);
    }
    containers.sort(
        Comparator.comparing(ContainerMetrics::getDeployment)
            .thenComparing(ContainerMetrics::getService)
            .thenComparingInt(ContainerMetrics::getReplica));
    out.addAllContainers(containers);
    out.addAllServices(services(samples, latest, containers, deployment));
    if (!range.isZero()) {
      Instant from = now.minus(range);
      out.addAllSeries(
          series(
              samples.stream().filter(s -> !s.receivedAt().isBefore(from)).toList(), deployment));
    }
    return out.build();
  }

  private static List<ServiceMetrics> services(
      List<MetricsStore.Stored> samples,
      Map<String, MetricsStore.Stored> latest,
      List<ContainerMetrics> containers,
      String deployment) {
    // service key -> node -> traffic readings in time order
    Map<String, Map<String, List<ServiceTraffic>>> traffic = new TreeMap<>();
    for (MetricsStore.Stored s : samples) {
      for (ServiceTraffic t : s.sample().getTrafficList()) {
        if (deployment.isEmpty() || t.getDeployment().equals(deployment)) {
          traffic
              .computeIfAbsent(key(t.getDeployment(), t.getService()), k -> new TreeMap<>())
              .computeIfAbsent(s.node(), k -> new ArrayList<>())
              .add(t);
        }
      }
    }
    Map<String, ServiceMetrics.Builder> out = new TreeMap<>();
    for (ContainerMetrics c : containers) {
      ServiceMetrics.Builder b = builder(out, c.getDeployment(), c.getService());
      b.setCpuUsageCores(b.getCpuUsageCores() + c.getCpuUsageCores());
      b.setMemoryUsageBytes(b.getMemoryUsageBytes() + c.getMemoryUsageBytes());
    }
    traffic.forEach(
        (key, byNode) -> {
          ServiceTraffic any = byNode.values().iterator().next().get(0);
          ServiceMetrics.Builder b = builder(out, any.getDeployment(), any.getService());
          double requestRate = 0;
          double responses = 0;
          double errors = 0;
          for (List<ServiceTraffic> readings : byNode.values()) {
            requestRate += Increase.ratePerSecond(points(readings, t -> t.getRequestsTotal()));
            responses += Increase.of(points(readings, MetricsQueries::allResponses));
            errors += Increase.of(points(readings, t -> t.getResponses5Xx()));
            ServiceTraffic last = readings.get(readings.size() - 1);
            b.setRequestsTotal(b.getRequestsTotal() + last.getRequestsTotal())
                .setResponses4Xx(b.getResponses4Xx() + last.getResponses4Xx())
                .setResponses5Xx(b.getResponses5Xx() + last.getResponses5Xx())
                .setLatencyP99Seconds(
                    Math.max(b.getLatencyP99Seconds(), last.getLatencyP99Seconds()));
          }
          b.setRequestsPerSecond(requestRate).setErrorRatio(responses > 0 ? errors / responses : 0);
        });
    return out.values().stream().map(ServiceMetrics.Builder::build).toList();
  }

  private static double allResponses(ServiceTraffic t) {
    return (double) t.getResponses2Xx()
        + t.getResponses3Xx()
        + t.getResponses4Xx()
        + t.getResponses5Xx();
  }

  private static ServiceMetrics.Builder builder(
      Map<String, ServiceMetrics.Builder> out, String deployment, String service) {
    return out.computeIfAbsent(
        key(deployment, service),
        k -> ServiceMetrics.newBuilder().setDeployment(deployment).setService(service));
  }

  private static String key(String deployment, String service) {
    return deployment + "/" + service;
  }

  private static List<Increase.Point> points(
      List<ServiceTraffic> readings, ToDoubleFunction<ServiceTraffic> value) {
    return readings.stream()
        .map(t -> new Increase.Point(instant(t.getSampledAt()), value.applyAsDouble(t)))
        .toList();
  }

  private static List<MetricSeries> series(List<MetricsStore.Stored> samples, String deployment) {
    Map<String, MetricSeries.Builder> out = new LinkedHashMap<>();
    Map<String, ServiceTraffic> previous = new TreeMap<>();
    for (MetricsStore.Stored s : samples) {
      NodeMetrics n = s.sample().getNode();
      Map<String, String> nodeLabels = Map.of("node", s.node());
      point(out, "node_cpu_used_cores", nodeLabels, n.getSampledAt(), n.getCpuUsedCores());
      point(
          out,
          "node_memory_available_bytes",
          nodeLabels,
          n.getSampledAt(),
          n.getMemoryAvailableBytes());
      for (ContainerMetrics c : s.sample().getContainersList()) {
        if (!deployment.isEmpty() && !c.getDeployment().equals(deployment)) {
          continue;
        }
        Map<String, String> labels =
            Map.of(
                "node", c.getNode(),
                "deployment", c.getDeployment(),
                "service", c.getService(),
                "task", c.getTaskId(),
                "replica", Integer.toString(c.getReplica()));
        point(out, "container_cpu_usage_cores", labels, c.getSampledAt(), c.getCpuUsageCores());
        point(
            out, "container_memory_usage_bytes", labels, c.getSampledAt(), c.getMemoryUsageBytes());
      }
      for (ServiceTraffic t : s.sample().getTrafficList()) {
        if (!deployment.isEmpty() && !t.getDeployment().equals(deployment)) {
          continue;
        }
        String k = s.node() + "/" + key(t.getDeployment(), t.getService());
        ServiceTraffic before = previous.put(k, t);
        if (before == null) {
          continue;
        }
        Map<String, String> labels =
            Map.of("node", s.node(), "deployment", t.getDeployment(), "service", t.getService());
        point(
            out,
            "service_requests_per_second",
            labels,
            t.getSampledAt(),
            Increase.ratePerSecond(points(List.of(before, t), x -> x.getRequestsTotal())));
        double responses = Increase.of(points(List.of(before, t), MetricsQueries::allResponses));
        double errors = Increase.of(points(List.of(before, t), x -> x.getResponses5Xx()));
        point(
            out,
            "service_error_ratio",
            labels,
            t.getSampledAt(),
            responses > 0 ? errors / responses : 0);
      }
    }
    return out.values().stream().map(MetricSeries.Builder::build).toList();
  }

  private static void point(
      Map<String, MetricSeries.Builder> out,
      String name,
      Map<String, String> labels,
      Timestamp at,
      double value) {
    out.computeIfAbsent(
            name + new TreeMap<>(labels),
            k -> MetricSeries.newBuilder().setName(name).putAllLabels(labels))
        .addPoints(MetricPoint.newBuilder().setAt(at).setValue(value));
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
