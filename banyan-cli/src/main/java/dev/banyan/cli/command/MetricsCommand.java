package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.Json;
import dev.banyan.cli.support.OutputOptions;
import dev.banyan.cli.support.Table;
import dev.banyan.common.cli.Durations;
import dev.banyan.proto.v1.ContainerMetrics;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.ServiceMetrics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli metrics [NAME]}: current usage of nodes, services and containers. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description =
        "Shows current metrics: nodes (CPU, memory, disk), services (requests/s, error %, CPU,"
            + " memory) and containers (CPU, memory, restarts).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "1:the engine could not be reached or failed", "2:bad command line"})
public final class MetricsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin OutputOptions output;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "Only this deployment (default: all).")
  String deployment = "";

  @Option(
      names = "--range",
      paramLabel = "DURATION",
      description =
          "With -o json, also the series over this past window, e.g. 5m; rates use it too"
              + " (default: current values, rates over the last minute).")
  String range;

  @Override
  public Integer call() {
    GetMetricsRequest.Builder request = GetMetricsRequest.newBuilder().setDeployment(deployment);
    if (range != null) {
      Duration d = Durations.parse("--range", range);
      request.setRange(
          com.google.protobuf.Duration.newBuilder()
              .setSeconds(d.getSeconds())
              .setNanos(d.getNano()));
    }
    GetMetricsResponse metrics;
    try (EngineConnection connection = new EngineConnection(engine)) {
      metrics = connection.call(s -> s.getMetrics(request.build()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      Json.print(out, metrics);
      return 0;
    }
    print(out, metrics);
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, GetMetricsResponse m) {
    if (m.getNodesCount() == 0) {
      out.println("No metrics yet: agents send them with their heartbeats every few seconds.");
      return;
    }
    Table nodes = new Table("NODE", "CPU", "MEMORY", "DISK FREE", "LOAD", "CONTAINERS");
    for (NodeMetrics n : m.getNodesList()) {
      nodes.row(
          n.getNode(),
          String.format(Locale.ROOT, "%.2f/%.0f cores", n.getCpuUsedCores(), n.getCpuCores()),
          bytes(n.getMemoryTotalBytes() - n.getMemoryAvailableBytes())
              + "/"
              + bytes(n.getMemoryTotalBytes()),
          bytes(n.getDiskFreeBytes()) + "/" + bytes(n.getDiskTotalBytes()),
          String.format(Locale.ROOT, "%.2f", n.getLoadAverage1M()),
          n.getContainers());
    }
    nodes.print(out);
    if (m.getServicesCount() > 0) {
      out.println();
      Table services =
          new Table("SERVICE", "REQ/S", "ERRORS", "REQUESTS", "4XX", "5XX", "P99", "CPU", "MEMORY");
      for (ServiceMetrics s : m.getServicesList()) {
        services.row(
            s.getDeployment() + "/" + s.getService(),
            String.format(Locale.ROOT, "%.2f", s.getRequestsPerSecond()),
            String.format(Locale.ROOT, "%.1f%%", 100 * s.getErrorRatio()),
            s.getRequestsTotal(),
            s.getResponses4Xx(),
            s.getResponses5Xx(),
            s.getLatencyP99Seconds() > 0
                ? String.format(Locale.ROOT, "%.0fms", 1000 * s.getLatencyP99Seconds())
                : "-",
            String.format(Locale.ROOT, "%.3f", s.getCpuUsageCores()),
            bytes(s.getMemoryUsageBytes()));
      }
      services.print(out);
    }
    if (m.getContainersCount() > 0) {
      out.println();
      Table containers =
          new Table("CONTAINER", "NODE", "CPU", "MEMORY", "LIMIT", "RESTARTS", "NET RX/TX");
      for (ContainerMetrics c : m.getContainersList()) {
        containers.row(
            c.getDeployment() + "/" + c.getService() + "." + c.getReplica(),
            c.getNode(),
            String.format(Locale.ROOT, "%.3f", c.getCpuUsageCores()),
            bytes(c.getMemoryUsageBytes()),
            c.getMemoryLimitBytes() == 0 ? "-" : bytes(c.getMemoryLimitBytes()),
            c.getRestarts(),
            bytes(c.getNetworkRxBytes()) + "/" + bytes(c.getNetworkTxBytes()));
      }
      containers.print(out);
    }
  }

  /** Bytes in binary units: 512B, 1.5KiB, 20.0MiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + "B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f%s", v, units[i]);
  }
}
