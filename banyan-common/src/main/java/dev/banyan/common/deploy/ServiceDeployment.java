package dev.banyan.common.deploy;

import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.PlacementSpec;

/**
 * One service of a deployment as the engine orchestrates it: how many replicas, what each runs and
 * where it may run.
 */
public record ServiceDeployment(
    String name, int replicas, ContainerSpec container, PlacementSpec placement) {
  public ServiceDeployment {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
    }
  }
}
