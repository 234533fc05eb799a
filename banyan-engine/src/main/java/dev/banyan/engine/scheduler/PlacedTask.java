package dev.banyan.engine.scheduler;

/** A task already running or assigned somewhere: it counts towards that node's load. */
public record PlacedTask(String node, String deployment, String service) {
  public String serviceKey() {
    return deployment + "/" + service;
  }
}
