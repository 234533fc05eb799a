package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.banyan.e2e.support.ManagedProcess;
import dev.banyan.e2e.support.Ports;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TempDirs;
import dev.banyan.e2e.support.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Milestone 4 without the terminal UI: a busybox httpd service behind the routing mesh, real HTTP
 * requests (200s and 404s), GetMetrics through the CLI, a real Prometheus scraping engine and
 * agents, and samples expiring after a short retention.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name = "metrics-" + UUID.randomUUID().toString().substring(0, 6);
  private final int webPort = Ports.free();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private TestCluster cluster;
  private Path appDir;
  private Path promDir;
  private ManagedProcess prometheus;
  private int prometheusPort;

  @BeforeAll
  void startCluster() throws IOException {
    cluster = TestCluster.start("metrics", 2, List.of("--metrics-retention", "20s"));
    appDir = Files.createTempDirectory("banyan-e2e-metrics");
    promDir = Files.createTempDirectory("banyan-e2e-prometheus");
  }

  @AfterAll
  void stopAll() throws IOException {
    if (prometheus != null) {
      prometheus.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
    TempDirs.delete(appDir);
    TempDirs.delete(promDir);
  }

  private int get(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private JsonNode metrics(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("metrics", name, "-o", "json"));
    args.addAll(List.of(extra));
    ProcessResult r = cluster.cli(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return JSON.readTree(r.stdout());
  }

  private static JsonNode service(JsonNode metrics, String service) {
    for (JsonNode s : metrics.path("services")) {
      if (s.path("service").asText().equals(service)) {
        return s;
      }
    }
    return JSON.createObjectNode();
  }

  @Test
  @Order(1)
  void requestsThroughTheMeshAreCountedByStatusClass() throws IOException {
    Files.writeString(
        appDir.resolve("banyan.yaml"),
        "name: "
            + name
            + "\nservices:\n  web:\n    image: localhost/banyan-busybox:latest\n"
            + "    command: [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/var/www\"]\n"
            + "    init: true\n    stop_grace_period: 2s\n"
            + "    ports:\n      - \""
            + webPort
            + ":8080\"\n    deploy:\n      replicas: 2\n");
    ProcessResult deploy = cluster.cliIn(appDir, "deploy");
    assertThat(deploy.exitCode()).as(deploy.describe() + cluster.diagnostics()).isZero();

    // The mesh learns the replicas' addresses within a poll or two. Until then it refuses
    // connections and counts each as a 5xx (no replica to serve it): remember how many.
    AtomicInteger failedWhileStarting = new AtomicInteger();
    Awaitility.await("the service answers through the mesh")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              boolean ok = get("/") == 200;
              if (!ok) {
                failedWhileStarting.incrementAndGet();
              }
              return ok;
            });
    for (int i = 0; i < 20; i++) {
      assertThat(get("/")).isEqualTo(200);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(get("/no-such-page")).isEqualTo(404);
    }

    Awaitility.await("GetMetrics shows the traffic")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              // Steady traffic, as a live service has: the rate is over the last minute.
              assertThat(get("/")).isEqualTo(200);
              JsonNode m = metrics();
              JsonNode web = service(m, "web");
              assertThat(web.path("responses_4xx").asLong())
                  .as(m::toString)
                  .isGreaterThanOrEqualTo(10);
              assertThat(web.path("requests_total").asLong()).isGreaterThanOrEqualTo(31);
              assertThat(web.path("responses_5xx").asLong())
                  .as("5xx: only the refusals before the mesh knew the replicas")
                  .isLessThanOrEqualTo(failedWhileStarting.get());
              assertThat(web.path("requests_per_second").asDouble()).isPositive();
              assertThat(m.path("containers")).hasSize(2);
              for (JsonNode c : m.path("containers")) {
                assertThat(c.path("memory_usage_bytes").asLong()).isPositive();
                assertThat(c.path("cpu_seconds_total").asDouble()).isPositive();
                assertThat(c.path("network_rx_bytes").asLong()).isPositive();
              }
              assertThat(m.path("nodes")).hasSize(2);
            });

    ProcessResult table = cluster.cli("metrics", name);
    assertThat(table.exitCode()).as(table.describe()).isZero();
    assertThat(table.stdout()).contains("REQ/S").contains(name + "/web").contains("CONTAINER");
  }

  @Test
  @Order(2)
  void prometheusScrapesEngineAndAgents() throws Exception {
    prometheusPort = Ports.free();
    String config =
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
            + "  - job_name: banyan-engine\n    static_configs:\n      - targets: ['"
            + cluster.engineMetricsAddress()
            + "']\n  - job_name: banyan-agent\n    static_configs:\n      - targets: ['"
            + cluster.agentMetricsAddress(0)
            + "', '"
            + cluster.agentMetricsAddress(1)
            + "']\n";
    Files.writeString(promDir.resolve("prometheus.yml"), config);
    prometheus =
        new ManagedProcess(
                "prometheus",
                List.of(
                    "prometheus",
                    "--config.file=" + promDir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + promDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort),
                Map.of(),
                promDir)
            .start();

    String cpu = "banyan_container_cpu_seconds_total{deployment=\"" + name + "\",service=\"web\"}";
    JsonNode result =
        Awaitility.await("Prometheus has the containers' CPU")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(() -> query(cpu), r -> r.size() == 2);
    for (JsonNode series : result) {
      assertThat(series.path("metric").path("node").asText()).startsWith("e2e-");
      assertThat(series.path("metric").path("task").asText()).isNotEmpty();
      assertThat(Double.parseDouble(series.path("value").get(1).asText())).isPositive();
    }
    JsonNode notFound =
        query("sum(banyan_service_responses_total{deployment=\"" + name + "\",code=\"4xx\"})");
    assertThat(Double.parseDouble(notFound.get(0).path("value").get(1).asText()))
        .isGreaterThanOrEqualTo(10);
    Awaitility.await("Prometheus has the engine's cluster metrics")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                query(
                    "banyan_service_replicas_running{deployment=\"" + name + "\",service=\"web\"}"),
            r -> r.size() == 1 && r.get(0).path("value").get(1).asText().equals("2"));
  }

  private JsonNode query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + prometheusPort
                            + "/api/v1/query?query="
                            + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asText()).as(r.body()).isEqualTo("success");
    return body.path("data").path("result");
  }

  @Test
  @Order(3)
  void samplesOlderThanTheRetentionAreGone() throws IOException {
    JsonNode before = metrics("--range", "10m");
    assertThat(containerSeries(before)).as("series while it runs").isPositive();

    ProcessResult down = cluster.cli("down", name);
    assertThat(down.exitCode()).as(down.describe()).isZero();

    // Retention is 20 s: once the containers are gone, their samples leave the window too.
    Awaitility.await("old samples expire")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(containerSeries(metrics("--range", "10m"))).isZero());
    assertThat(metrics().path("nodes")).as("nodes still report").hasSize(2);
  }

  private static int containerSeries(JsonNode m) {
    int n = 0;
    for (JsonNode s : m.path("series")) {
      if (s.path("name").asText().startsWith("container_")) {
        n++;
      }
    }
    return n;
  }
}
