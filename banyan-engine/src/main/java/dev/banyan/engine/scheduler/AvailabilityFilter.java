package dev.banyan.engine.scheduler;

import java.util.Optional;

/** A drained node takes no new tasks. */
public final class AvailabilityFilter implements NodeFilter {
  private static final Rejection DRAINED = Rejection.of("drained");

  @Override
  public Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load) {
    return node.drained() ? Optional.of(DRAINED) : Optional.empty();
  }
}
