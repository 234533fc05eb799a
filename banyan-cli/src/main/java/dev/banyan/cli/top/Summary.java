package dev.banyan.cli.top;

import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;

/** The cluster in one line: nodes ready, services, tasks running, CPU and memory in use. */
record Summary(
    int nodesReady,
    int nodes,
    int services,
    int tasksRunning,
    int tasksDesired,
    double cpuUsed,
    double cpuTotal,
    long memoryUsed,
    long memoryTotal) {

  static Summary of(ClusterData data) {
    int ready = 0;
    double cpuUsed = 0;
    double cpuTotal = 0;
    long memoryUsed = 0;
    long memoryTotal = 0;
    for (NodeRow n : data.nodes()) {
      if (n.ready()) {
        ready++;
        cpuUsed += n.cpuUsedCores();
        cpuTotal += n.cpuCores();
        memoryUsed += n.memoryUsedBytes();
        memoryTotal += n.memoryBytes();
      }
    }
    int running = 0;
    int desired = 0;
    for (ServiceRow s : data.services()) {
      running += s.running();
      desired += s.desired();
    }
    return new Summary(
        ready,
        data.nodes().size(),
        data.services().size(),
        running,
        desired,
        cpuUsed,
        cpuTotal,
        memoryUsed,
        memoryTotal);
  }

  /** {@code nodes 2/2 ready services 3 tasks 6/6 running cpu 0.40/8.0 mem 1.2G/16G}. */
  String line() {
    return "nodes "
        + nodesReady
        + "/"
        + nodes
        + " ready   services "
        + services
        + "   tasks "
        + tasksRunning
        + "/"
        + tasksDesired
        + " running   cpu "
        + (cpuTotal > 0 ? Format.cores(cpuUsed) + "/" + Format.cores(cpuTotal) + " cores" : "-")
        + "   mem "
        + (memoryTotal > 0 ? Format.bytes(memoryUsed) + "/" + Format.bytes(memoryTotal) : "-");
  }
}
