package dev.banyan.agent.metrics;

import com.google.protobuf.Timestamp;
import dev.banyan.agent.node.NodeFacts;
import dev.banyan.proto.v1.NodeMetrics;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Samples the node: CPU (from {@code /proc/stat} deltas), memory, the runtime's disk, load. */
public final class NodeSampler {
  private final String node;
  private final Path storageRoot;
  private final Path procStat;
  private long[] lastCpu;

  public NodeSampler(String node, Path storageRoot, Path procRoot) {
    this.node = node;
    this.storageRoot = storageRoot;
    this.procStat = procRoot.resolve("stat");
  }

  /** The node now; {@code containers} is the number of running Banyan containers. */
  public synchronized NodeMetrics sample(Instant at, int containers) {
    NodeResources capacity = NodeFacts.capacity(storageRoot);
    NodeUsage usage = NodeFacts.usage(storageRoot, containers);
    double used = 0;
    try {
      long[] cpu = ProcFiles.parseCpuStat(Files.readString(procStat));
      if (lastCpu != null && cpu[1] > lastCpu[1]) {
        used = capacity.getCpuCores() * (cpu[0] - lastCpu[0]) / (double) (cpu[1] - lastCpu[1]);
      }
      lastCpu = cpu;
    } catch (IOException | RuntimeException e) {
      // Unknown: 0.
    }
    return NodeMetrics.newBuilder()
        .setNode(node)
        .setSampledAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
        .setCpuCores(capacity.getCpuCores())
        .setCpuUsedCores(Math.max(0, used))
        .setMemoryTotalBytes(capacity.getMemoryBytes())
        .setMemoryAvailableBytes(usage.getMemoryAvailableBytes())
        .setDiskTotalBytes(capacity.getDiskBytes())
        .setDiskFreeBytes(usage.getDiskFreeBytes())
        .setLoadAverage1M(usage.getLoadAverage1M())
        .setContainers(containers)
        .build();
  }
}
