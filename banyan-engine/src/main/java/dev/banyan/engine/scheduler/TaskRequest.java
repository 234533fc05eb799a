package dev.banyan.engine.scheduler;

import java.util.List;

/** A task that needs a node: its identity and its placement constraints. */
public record TaskRequest(
    String id, String deployment, String service, int replica, List<String> constraints) {
  public TaskRequest {
    constraints = List.copyOf(constraints);
  }

  /** The service key used to spread replicas: {@code deployment/service}. */
  public String serviceKey() {
    return deployment + "/" + service;
  }
}
