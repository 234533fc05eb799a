package dev.banyan.engine.scheduler;

import java.util.List;

/**
 * A task already running or assigned somewhere: it counts towards that node's load, its requests
 * and its host ports.
 */
public record PlacedTask(
    String node,
    String deployment,
    String service,
    ResourceAmount request,
    List<HostPort> hostPorts) {
  public PlacedTask {
    hostPorts = List.copyOf(hostPorts);
  }

  /** A placed task that requests nothing and publishes no port. */
  public PlacedTask(String node, String deployment, String service) {
    this(node, deployment, service, ResourceAmount.NONE, List.of());
  }

  public String serviceKey() {
    return deployment + "/" + service;
  }
}
