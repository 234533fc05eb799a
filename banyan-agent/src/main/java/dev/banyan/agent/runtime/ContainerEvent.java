package dev.banyan.agent.runtime;

import java.util.Map;

/** A lifecycle event of a container (start, die, oom, ...) from the runtime's event stream. */
public record ContainerEvent(String containerId, String action, Map<String, String> labels) {
  public ContainerEvent {
    labels = Map.copyOf(labels);
  }
}
