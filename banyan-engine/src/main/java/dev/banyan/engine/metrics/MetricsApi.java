package dev.banyan.engine.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.banyan.common.cli.Durations;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.metrics.MetricsHttpServer;
import dev.banyan.proto.v1.GetMetricsRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /api/v1/metrics?deployment=X&range=5m}: the {@code GetMetrics} response as JSON
 * (protobuf JSON mapping with the proto field names).
 */
public final class MetricsApi {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields();

  private final MetricsQueries queries;

  public MetricsApi(MetricsQueries queries) {
    this.queries = queries;
  }

  /** Answers one request given its raw query string. */
  public MetricsHttpServer.Response handle(String query) {
    GetMetricsRequest request;
    try {
      request = parse(query);
    } catch (UserError | IllegalArgumentException e) {
      return new MetricsHttpServer.Response(
          400, "application/json", "{\"error\": " + quote(e.getMessage()) + "}\n");
    }
    try {
      return new MetricsHttpServer.Response(
          200, "application/json", PRINTER.print(queries.query(request)) + "\n");
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static GetMetricsRequest parse(String query) {
    GetMetricsRequest.Builder b = GetMetricsRequest.newBuilder();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      switch (key) {
        case "deployment" -> b.setDeployment(value);
        case "range" -> {
          Duration d = Durations.parse("range", value);
          b.setRange(
              com.google.protobuf.Duration.newBuilder()
                  .setSeconds(d.getSeconds())
                  .setNanos(d.getNano()));
        }
        default ->
            throw new IllegalArgumentException(
                "unknown parameter '" + key + "'; use deployment and range");
      }
    }
    return b.build();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
