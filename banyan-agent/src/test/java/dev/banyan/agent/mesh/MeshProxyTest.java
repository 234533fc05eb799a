package dev.banyan.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.banyan.agent.metrics.AgentMeters;
import dev.banyan.agent.testing.Promtool;
import dev.banyan.common.metrics.MetricsHttpServer;
import dev.banyan.common.metrics.ProcessMeters;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.MeshPort;
import dev.banyan.proto.v1.MeshReplica;
import dev.banyan.proto.v1.MeshService;
import dev.banyan.proto.v1.MetricsSample;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.ServiceTraffic;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mesh over real sockets: HTTP replicas on loopback, a TCP echo, counters and /metrics. */
class MeshProxyTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ServiceTrafficMeters traffic =
      new ServiceTrafficMeters(registry, "n1", Clock.systemUTC());
  private final MeshProxy mesh = new MeshProxy("127.0.0.1", traffic, 16, Duration.ofMillis(300));
  private final List<HttpServer> backends = new java.util.ArrayList<>();

  @AfterEach
  void tearDown() {
    mesh.close();
    backends.forEach(b -> b.stop(0));
  }

  private int backend(String name) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext(
        "/",
        ex -> {
          boolean found = ex.getRequestURI().getPath().equals("/");
          byte[] body = (found ? name : "no such page").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(found ? 200 : 404, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    s.start();
    backends.add(s);
    return s.getAddress().getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static MeshService service(String name, int hostPort, int containerPort, int replicas) {
    MeshService.Builder b =
        MeshService.newBuilder()
            .setDeployment("shop")
            .setService(name)
            .addPorts(MeshPort.newBuilder().setHostPort(hostPort).setContainerPort(containerPort));
    for (int i = 1; i <= replicas; i++) {
      b.addReplicas(
          MeshReplica.newBuilder()
              .setReplica(i)
              .setNode("n1")
              .setAddress("127.0.0.1")
              .setTaskId("t" + i));
    }
    return b.build();
  }

  @Test
  void forwardsHttpRoundRobinAndCountsStatusClassesOverKeepAlive() throws Exception {
    int port = backend("web");
    int hostPort = freePort();
    mesh.update(List.of(service("web", hostPort, port, 2)));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> ok =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("web");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/nope"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              ServiceTraffic t = traffic.snapshot().get(0);
              assertThat(t.getRequestsTotal()).isEqualTo(8);
              assertThat(t.getResponses2Xx()).isEqualTo(5);
              assertThat(t.getResponses4Xx()).isEqualTo(3);
              assertThat(t.getResponses5Xx()).isZero();
              assertThat(t.getBytesOut()).isPositive();
              assertThat(t.getLatencyP99Seconds()).isPositive();
            });
  }

  @Test
  void aClientThatArrivesBeforeTheReplicasIsHeldUntilTheyAreKnown() throws Exception {
    MeshProxy patient = new MeshProxy("127.0.0.1", traffic, 16, Duration.ofSeconds(30));
    try {
      int port = backend("web");
      int hostPort = freePort();
      // Just after a deploy: the port is published, no replica is running yet.
      patient.update(List.of(service("web", hostPort, port, 0)));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var response =
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      // Held, not refused: no answer for a while.
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !response.isDone());

      patient.update(List.of(service("web", hostPort, port, 1)));

      HttpResponse<String> ok = response.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("web");
    } finally {
      patient.close();
    }
  }

  @Test
  void aPortHeldByAnotherProcessIsOpenedOnceItIsFree() throws Exception {
    int port = backend("web");
    ServerSocket holder = new ServerSocket();
    holder.bind(new InetSocketAddress("127.0.0.1", 0));
    int hostPort = holder.getLocalPort();
    mesh.update(List.of(service("web", hostPort, port, 1)));
    assertThat(mesh.ports()).as("the port is taken").isEmpty();

    holder.close();
    mesh.reopenFailed();

    assertThat(mesh.ports()).containsExactly(hostPort);
    HttpResponse<String> ok =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(ok.body()).isEqualTo("web");
  }

  @Test
  void noReplicaIsA5xxAndTcpIsCountedByConnection() throws Exception {
    int hostPort = freePort();
    mesh.update(List.of(service("down", hostPort, 1, 0)));
    try (Socket s = new Socket("127.0.0.1", hostPort)) {
      assertThat(s.getInputStream().read()).as("closed at once").isEqualTo(-1);
    }

    try (ServerSocket echo = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (Socket c = echo.accept()) {
                  c.getInputStream().transferTo(c.getOutputStream());
                } catch (IOException e) {
                  // test ends
                }
              });
      t.start();
      int tcpPort = freePort();
      mesh.update(
          List.of(
              service("down", hostPort, 1, 0), service("echo", tcpPort, echo.getLocalPort(), 1)));
      try (Socket s = new Socket("127.0.0.1", tcpPort)) {
        s.getOutputStream().write("\u0000ping".getBytes(StandardCharsets.UTF_8));
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("\u0000ping");
      }
      t.join(5000);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Map<String, ServiceTraffic> by =
                  traffic.snapshot().stream()
                      .collect(
                          java.util.stream.Collectors.toMap(ServiceTraffic::getService, x -> x));
              assertThat(by.get("down").getResponses5Xx()).isEqualTo(1);
              assertThat(by.get("echo").getRequestsTotal()).isEqualTo(1);
              assertThat(by.get("echo").getBytesIn()).isEqualTo(5);
              assertThat(by.get("echo").getBytesOut()).isEqualTo(5);
            });
  }

  @Test
  void theAgentsMetricsEndpointPassesPromtool() throws Exception {
    int port = backend("web");
    int hostPort = freePort();
    mesh.update(List.of(service("web", hostPort, port, 1)));
    HttpClient client = HttpClient.newHttpClient();
    client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    ProcessMeters.bindTo(registry);
    AgentMeters meters = new AgentMeters(registry, "n1");
    meters.update(
        MetricsSample.newBuilder()
            .setNode(NodeMetrics.newBuilder().setNode("n1").setCpuCores(2).setCpuUsedCores(0.5))
            .addContainers(
                ContainerMetrics.newBuilder()
                    .setTaskId("t1")
                    .setDeployment("shop")
                    .setService("web")
                    .setReplica(1)
                    .setNode("n1")
                    .setCpuSecondsTotal(12.5)
                    .setMemoryUsageBytes(1 << 20))
            .build());

    try (MetricsHttpServer server =
        MetricsHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0), registry::scrape, Map.of())) {
      HttpResponse<String> scraped =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body())
          .contains(
              "banyan_container_cpu_seconds_total{deployment=\"shop\",node=\"n1\",replica=\"1\",service=\"web\",task=\"t1\"} 12.5")
          .contains("banyan_node_cpu_usage_ratio{node=\"n1\"} 0.25")
          .contains(
              "banyan_service_responses_total{code=\"2xx\",deployment=\"shop\",node=\"n1\",service=\"web\"} 1.0")
          .contains("banyan_service_request_duration_seconds_bucket")
          .contains("process_cpu_seconds_total");
      Promtool.assertValid(scraped.body());
    }
  }
}
