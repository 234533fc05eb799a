package dev.banyan.engine.scheduler;

import java.util.List;

/**
 * A task that needs a node: its identity, its placement constraints, what it requests and the host
 * ports it publishes.
 */
public record TaskRequest(
    String id,
    String deployment,
    String service,
    int replica,
    List<String> constraints,
    ResourceAmount request,
    List<HostPort> hostPorts) {
  public TaskRequest {
    constraints = List.copyOf(constraints);
    hostPorts = List.copyOf(hostPorts);
  }

  /** A task that requests nothing and publishes no port. */
  public TaskRequest(
      String id, String deployment, String service, int replica, List<String> constraints) {
    this(id, deployment, service, replica, constraints, ResourceAmount.NONE, List.of());
  }

  /** The service key used to spread replicas: {@code deployment/service}. */
  public String serviceKey() {
    return deployment + "/" + service;
  }
}
