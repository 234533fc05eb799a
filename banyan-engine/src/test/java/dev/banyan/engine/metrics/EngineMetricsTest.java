package dev.banyan.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.banyan.engine.Engine;
import dev.banyan.engine.EngineConfig;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.HeartbeatRequest;
import dev.banyan.proto.v1.MetricsSample;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.RegisterRequest;
import dev.banyan.proto.v1.ServiceMetrics;
import dev.banyan.proto.v1.ServiceTraffic;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agents' samples through real gRPC into real etcd, read back by GetMetrics and the HTTP API. */
class EngineMetricsTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private Engine engine;
  private ManagedChannel channel;

  private void start(Duration retention) {
    ClusterStore store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    EngineConfig config =
        EngineConfig.of(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            List.of(etcd.endpoint()),
            Path.of("unused"));
    engine =
        new Engine(
                config,
                new EngineMetricsConfig(
                    Optional.of(new InetSocketAddress("127.0.0.1", 0)), retention, Duration.ZERO),
                etcd.newStore(),
                Clock.systemUTC())
            .start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static MetricsSample sample(Instant at, long requests, long r2xx, long r4xx, long r5xx) {
    return MetricsSample.newBuilder()
        .setNode(
            NodeMetrics.newBuilder()
                .setNode("n1")
                .setSampledAt(ts(at))
                .setCpuCores(2)
                .setCpuUsedCores(0.5)
                .setMemoryTotalBytes(1 << 30)
                .setMemoryAvailableBytes(1 << 29))
        .addContainers(
            ContainerMetrics.newBuilder()
                .setTaskId("t1")
                .setDeployment("shop")
                .setService("web")
                .setReplica(1)
                .setNode("n1")
                .setSampledAt(ts(at))
                .setCpuUsageCores(0.25)
                .setMemoryUsageBytes(1000))
        .addTraffic(
            ServiceTraffic.newBuilder()
                .setDeployment("shop")
                .setService("web")
                .setNode("n1")
                .setSampledAt(ts(at))
                .setRequestsTotal(requests)
                .setResponses2Xx(r2xx)
                .setResponses4Xx(r4xx)
                .setResponses5Xx(r5xx))
        .build();
  }

  private String register() {
    return DispatcherGrpc.newBlockingStub(channel)
        .register(RegisterRequest.newBuilder().setNodeName("n1").build())
        .getSessionId();
  }

  private void heartbeat(String session, MetricsSample sample) {
    DispatcherGrpc.newBlockingStub(channel)
        .heartbeat(HeartbeatRequest.newBuilder().setSessionId(session).setMetrics(sample).build());
  }

  @Test
  void samplesFromHeartbeatsAreServedByGrpcAndJson() throws Exception {
    start(Duration.ofMinutes(15));
    String session = register();
    Instant t0 = Instant.now().minusSeconds(10);
    heartbeat(session, sample(t0, 0, 0, 0, 0));
    // 10 s later: 100 requests, 80 ok, 15 not found, 5 failed
    heartbeat(session, sample(t0.plusSeconds(10), 100, 80, 15, 5));

    // Samples are written without delaying the heartbeat: wait until both are stored.
    GetMetricsResponse r =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    ControlGrpc.newBlockingStub(channel)
                        .getMetrics(
                            GetMetricsRequest.newBuilder()
                                .setDeployment("shop")
                                .setRange(com.google.protobuf.Duration.newBuilder().setSeconds(300))
                                .build()),
                m -> m.getServicesCount() == 1 && m.getServices(0).getRequestsTotal() == 100);

    assertThat(r.getNodesList()).extracting(NodeMetrics::getNode).containsExactly("n1");
    assertThat(r.getContainersList()).hasSize(1);
    ServiceMetrics web = r.getServices(0);
    assertThat(web.getRequestsPerSecond()).isCloseTo(10.0, within(1e-6));
    assertThat(web.getErrorRatio()).isCloseTo(0.05, within(1e-6));
    assertThat(web.getResponses4Xx()).isEqualTo(15);
    assertThat(web.getCpuUsageCores()).isCloseTo(0.25, within(1e-9));
    assertThat(r.getSeriesList())
        .anySatisfy(s -> assertThat(s.getName()).isEqualTo("container_cpu_usage_cores"))
        .anySatisfy(s -> assertThat(s.getName()).isEqualTo("service_requests_per_second"));

    HttpResponse<String> json =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + engine.metricsPort().orElseThrow()
                                + "/api/v1/metrics?deployment=shop&range=5m"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(200);
    GetMetricsResponse.Builder parsed = GetMetricsResponse.newBuilder();
    JsonFormat.parser().merge(json.body(), parsed);
    assertThat(parsed.getServices(0).getResponses4Xx()).isEqualTo(15);

    HttpResponse<String> bad =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + engine.metricsPort().orElseThrow()
                                + "/api/v1/metrics?range=soon"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not a duration");
  }

  @Test
  void theEnginesMetricsEndpointPassesPromtool() throws Exception {
    start(Duration.ofMinutes(15));
    register();
    String body =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://127.0.0.1:"
                                            + engine.metricsPort().orElseThrow()
                                            + "/metrics"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body(),
                b -> b.contains("banyan_cluster_nodes{state=\"ready\"} 1.0"));
    assertThat(body).contains("banyan_deploys_total").contains("banyan_scheduling_latency_seconds");
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(body.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.strip()).isEmpty();
  }

  @Test
  void samplesExpireAfterTheRetention() throws Exception {
    start(Duration.ofSeconds(2));
    String session = register();
    heartbeat(session, sample(Instant.now(), 1, 1, 0, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> keys() > 0);

    // The lease (retention + one lease period) deletes the keys themselves, not just hides them.
    await().atMost(Duration.ofSeconds(20)).until(() -> keys() == 0);
    GetMetricsResponse r =
        ControlGrpc.newBlockingStub(channel).getMetrics(GetMetricsRequest.getDefaultInstance());
    assertThat(r.getNodesList()).isEmpty();
  }

  private long keys() throws IOException {
    try {
      return etcd.newStore()
          .client()
          .getKVClient()
          .get(
              ByteSequence.from(EtcdMetricsStore.ROOT, StandardCharsets.UTF_8),
              GetOption.builder().isPrefix(true).withCountOnly(true).build())
          .get(5, TimeUnit.SECONDS)
          .getCount();
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
