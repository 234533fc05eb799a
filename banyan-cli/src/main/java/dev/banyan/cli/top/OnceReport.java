package dev.banyan.cli.top;

import dev.banyan.cli.support.Table;
import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/** {@code top --once}: the same data as the live view as plain text, with no escape codes. */
final class OnceReport {
  private OnceReport() {}

  static void print(ClusterData data, String engine, Instant now, PrintWriter out) {
    out.println("banyan top   engine " + engine + "   " + now);
    out.println(Summary.of(data).line());
    out.println();
    Table nodes = new Table("NODE", "STATE", "CPU", "MEMORY", "DISK", "TASKS");
    for (NodeRow n : data.nodes()) {
      nodes.row(
          n.name(),
          n.state(),
          usage(
              Format.cores(n.cpuUsedCores()),
              Format.cores(n.cpuCores()),
              n.cpuUsedCores(),
              n.cpuCores()),
          usage(
              Format.bytes(n.memoryUsedBytes()),
              Format.bytes(n.memoryBytes()),
              n.memoryUsedBytes(),
              n.memoryBytes()),
          usage(
              Format.bytes(n.diskUsedBytes()),
              Format.bytes(n.diskBytes()),
              n.diskUsedBytes(),
              n.diskBytes()),
          n.tasks());
    }
    if (nodes.isEmpty()) {
      out.println("No nodes have registered yet.");
    } else {
      nodes.print(out);
    }
    out.println();
    if (data.services().isEmpty()) {
      out.println("No deployments.");
    } else {
      Table services = new Table("SERVICE", "REPLICAS", "CPU", "MEM", "REQ/S", "ERR%");
      for (ServiceRow s : data.services()) {
        services.row(
            s.key(),
            s.running() + "/" + s.desired(),
            Format.cores(s.cpuCores()),
            Format.bytes(s.memoryBytes()),
            Format.rate(s.requestsPerSecond()),
            Format.percent(s.errorRatio()));
      }
      services.print(out);
      out.println();
      Table containers =
          new Table("CONTAINER", "NODE", "STATE", "HEALTH", "CPU", "MEM", "RESTARTS", "UPTIME");
      for (ServiceRow s : data.services()) {
        for (ContainerRow c : s.containers()) {
          containers.row(
              s.deployment() + "/" + c.label(),
              c.node(),
              c.state(),
              c.health(),
              Format.cores(c.cpuCores()),
              Format.bytes(c.memoryBytes()),
              c.restarts(),
              Format.age(c.startedAt(), now));
        }
      }
      if (!containers.isEmpty()) {
        containers.print(out);
      }
    }
    if (!data.metricsAvailable()) {
      out.println();
      out.println(
          "note: " + TopView.METRICS_UNAVAILABLE + " (the engine does not serve GetMetrics)");
    }
    out.flush();
  }

  private static String usage(String used, String total, double usedValue, double totalValue) {
    if (totalValue <= 0) {
      return "-";
    }
    return used
        + "/"
        + total
        + String.format(Locale.ROOT, " (%.0f%%)", Math.min(100, usedValue / totalValue * 100));
  }
}
