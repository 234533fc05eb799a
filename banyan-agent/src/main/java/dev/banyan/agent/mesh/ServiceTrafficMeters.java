package dev.banyan.agent.mesh;

import com.google.protobuf.Timestamp;
import dev.banyan.proto.v1.ServiceTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The routing mesh's counters per service on this node: requests (or TCP connections), responses by
 * status class, bytes each way and a request latency histogram. Published on {@code /metrics} and
 * summarised as {@link ServiceTraffic} for the engine.
 */
public final class ServiceTrafficMeters {
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };
  private static final List<String> CLASSES = List.of("1xx", "2xx", "3xx", "4xx", "5xx");

  /** One service's meters. */
  public final class Service {
    private final String deployment;
    private final String service;
    private final Counter httpRequests;
    private final Counter tcpConnections;
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Timer latency;
    private final List<Meter> all = new ArrayList<>();

    private Service(String deployment, String service) {
      this.deployment = deployment;
      this.service = service;
      Tags tags = Tags.of("deployment", deployment, "service", service, "node", node);
      httpRequests = track(requests(tags.and("protocol", "http")));
      tcpConnections = track(requests(tags.and("protocol", "tcp")));
      for (String c : CLASSES) {
        responses.put(
            c,
            track(
                Counter.builder("banyan.service.responses")
                    .description(
                        "Responses by status class; 5xx includes the mesh's own errors (no"
                            + " replica, connect failure)")
                    .tags(tags.and("code", c))
                    .register(registry)));
      }
      bytesIn =
          track(
              Counter.builder("banyan.service.received.bytes")
                  .description("Bytes clients sent to the service through the mesh")
                  .tags(tags)
                  .register(registry));
      bytesOut =
          track(
              Counter.builder("banyan.service.sent.bytes")
                  .description("Bytes the service sent to clients through the mesh")
                  .tags(tags)
                  .register(registry));
      latency =
          track(
              Timer.builder("banyan.service.request.duration")
                  .description("HTTP request latency through the mesh, to the response headers")
                  .tags(tags)
                  .serviceLevelObjectives(BUCKETS)
                  .register(registry));
    }

    private Counter requests(Tags tags) {
      return Counter.builder("banyan.service.requests")
          .description("HTTP requests (protocol=http) or TCP connections (protocol=tcp)")
          .tags(tags)
          .register(registry);
    }

    private <M extends Meter> M track(M meter) {
      all.add(meter);
      return meter;
    }

    void httpRequest() {
      httpRequests.increment();
    }

    void tcpConnection() {
      tcpConnections.increment();
    }

    void response(int status, long nanos) {
      responses.get(HttpDetector.statusClass(status)).increment();
      if (nanos >= 0) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
      }
    }

    /** A connection the mesh could not serve (no replica, connect failure): a 5xx. */
    void proxyError() {
      responses.get("5xx").increment();
    }

    void bytesIn(long n) {
      bytesIn.increment(n);
    }

    void bytesOut(long n) {
      bytesOut.increment(n);
    }

    ServiceTraffic snapshot(Timestamp at) {
      HistogramSnapshot h = latency.takeSnapshot();
      return ServiceTraffic.newBuilder()
          .setDeployment(deployment)
          .setService(service)
          .setNode(node)
          .setSampledAt(at)
          .setRequestsTotal((long) (httpRequests.count() + tcpConnections.count()))
          .setResponses2Xx((long) responses.get("2xx").count())
          .setResponses3Xx((long) responses.get("3xx").count())
          .setResponses4Xx((long) responses.get("4xx").count())
          .setResponses5Xx((long) responses.get("5xx").count())
          .setBytesIn((long) bytesIn.count())
          .setBytesOut((long) bytesOut.count())
          .setLatencyP50Seconds(quantile(h, 0.5))
          .setLatencyP99Seconds(quantile(h, 0.99))
          .build();
    }

    private void remove() {
      all.forEach(registry::remove);
    }
  }

  private final MeterRegistry registry;
  private final String node;
  private final Clock clock;
  private final Map<String, Service> services = new ConcurrentHashMap<>();

  public ServiceTrafficMeters(MeterRegistry registry, String node, Clock clock) {
    this.registry = registry;
    this.node = node;
    this.clock = clock;
  }

  /** The meters of a service, created on first use. */
  public Service service(String deployment, String service) {
    return services.computeIfAbsent(
        deployment + "/" + service, k -> new Service(deployment, service));
  }

  /** Drops the meters of services no longer in the mesh ({@code keep}: "deployment/service"). */
  public void retain(java.util.Set<String> keep) {
    services
        .entrySet()
        .removeIf(
            e -> {
              if (keep.contains(e.getKey())) {
                return false;
              }
              e.getValue().remove();
              return true;
            });
  }

  /** The counters of every service, for the heartbeat. */
  public List<ServiceTraffic> snapshot() {
    Instant now = clock.instant();
    Timestamp at =
        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    return services.values().stream().map(s -> s.snapshot(at)).toList();
  }

  /**
   * The upper bound of the first histogram bucket holding the {@code q} quantile (0 with no
   * observations; the largest bucket bound when all are beyond it).
   */
  static double quantile(HistogramSnapshot h, double q) {
    long count = h.count();
    if (count == 0) {
      return 0;
    }
    double rank = q * count;
    double last = 0;
    for (CountAtBucket b : h.histogramCounts()) {
      last = b.bucket(TimeUnit.SECONDS);
      if (b.count() >= rank) {
        return last;
      }
    }
    return last;
  }
}
