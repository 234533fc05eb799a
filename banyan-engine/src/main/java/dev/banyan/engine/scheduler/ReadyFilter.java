package dev.banyan.engine.scheduler;

import java.util.Optional;

/** Only nodes whose agent holds a live session can run tasks. */
public final class ReadyFilter implements NodeFilter {
  private static final Rejection DOWN = Rejection.of("down");

  @Override
  public Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load) {
    return node.ready() ? Optional.empty() : Optional.of(DOWN);
  }
}
