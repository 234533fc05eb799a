package dev.banyan.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server of engines and agents (the JDK's {@code com.sun.net.httpserver}): {@code
 * /metrics} in the Prometheus text format, plus any extra read-only routes (the engine's JSON API).
 */
public final class MetricsHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);

  /** The content type of the Prometheus text exposition format. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** What a route answers: status, content type and body. */
  public record Response(int status, String contentType, String body) {}

  private final HttpServer server;
  private final ExecutorService pool;

  private MetricsHttpServer(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /**
   * Serves {@code /metrics} from {@code scrape} and each extra route; a route's function gets the
   * raw query string (may be empty).
   */
  public static MetricsHttpServer start(
      InetSocketAddress address,
      Supplier<String> scrape,
      Map<String, Function<String, Response>> routes) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UserError(
          "cannot serve metrics on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " ("
              + e.getMessage()
              + "); choose another --metrics-listen address or pass --metrics-listen off",
          e);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext(
        "/metrics", ex -> handle(ex, q -> new Response(200, PROMETHEUS_TEXT, scrape.get())));
    routes.forEach((path, route) -> server.createContext(path, ex -> handle(ex, route)));
    server.start();
    return new MetricsHttpServer(server, pool);
  }

  private static void handle(HttpExchange ex, Function<String, Response> route) throws IOException {
    Response r;
    try {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        r = new Response(405, "text/plain; charset=utf-8", "only GET is supported\n");
      } else {
        String query = ex.getRequestURI().getRawQuery();
        r = route.apply(query == null ? "" : query);
      }
    } catch (RuntimeException e) {
      log.warn("metrics request {} failed", ex.getRequestURI(), e);
      r =
          new Response(
              500, "text/plain; charset=utf-8", "internal error: " + e.getMessage() + "\n");
    }
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", r.contentType());
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(r.status(), head ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }

  /** The port it listens on (useful when configured with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Parses a {@code --metrics-listen} value: {@code HOST:PORT}, or {@code off} (empty: no server).
   */
  public static Optional<InetSocketAddress> parseListen(String option, String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    int colon = t.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new IllegalArgumentException("no port");
      }
      int port = Integer.parseInt(t.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
      return Optional.of(new InetSocketAddress(t.substring(0, colon), port));
    } catch (IllegalArgumentException e) {
      throw new UserError(
          option + " '" + text + "' is not HOST:PORT or off; e.g. 127.0.0.1:9470", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
