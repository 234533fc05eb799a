package dev.banyan.engine.scheduler;

import java.util.List;
import java.util.Optional;

/** A task that publishes a host port only goes where no task publishes that port already. */
public final class HostPortFilter implements NodeFilter {
  @Override
  public Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load) {
    List<HostPort> taken = load.hostPorts(node.name());
    for (HostPort wanted : task.hostPorts()) {
      if (taken.stream().anyMatch(wanted::clashesWith)) {
        return Optional.of(
            new Rejection(
                "has host port " + wanted + " in use", "have host port " + wanted + " in use"));
      }
    }
    return Optional.empty();
  }
}
