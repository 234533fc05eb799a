package dev.banyan.agent;

import dev.banyan.proto.v1.NodeResources;

/**
 * How the agent reports its node's resources: overrides of the detected capacity (0: detect) and
 * the reserve kept for the system, which the engine never hands out to tasks.
 */
public record NodeResourceSettings(
    double capacityCpus, long capacityMemoryBytes, double reserveCpus, long reserveMemoryBytes) {
  /** Detected capacity; 256 MiB reserved for the system. */
  public static final NodeResourceSettings DEFAULT =
      new NodeResourceSettings(0, 0, 0, 256L * 1024 * 1024);

  public NodeResourceSettings {
    if (capacityCpus < 0 || capacityMemoryBytes < 0 || reserveCpus < 0 || reserveMemoryBytes < 0) {
      throw new IllegalArgumentException("capacity and reserve amounts cannot be negative");
    }
  }

  /** The reserve as sent to the engine at registration. */
  public NodeResources reserved() {
    return NodeResources.newBuilder()
        .setCpuCores(reserveCpus)
        .setMemoryBytes(reserveMemoryBytes)
        .build();
  }
}
