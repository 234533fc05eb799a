package dev.banyan.engine.scheduler;

import java.util.Optional;

/** Applies a task's placement constraints; the explanation names the first one a node fails. */
public final class ConstraintFilter implements NodeFilter {
  @Override
  public Optional<Rejection> check(TaskRequest task, NodeInfo node, NodeLoad load) {
    for (String text : task.constraints()) {
      Optional<Constraint> constraint = Constraint.parse(text);
      if (constraint.isEmpty()) {
        return Optional.of(
            Rejection.of(
                "rejected by the unsupported constraint '"
                    + text
                    + "' (use node.hostname, node.role or node.labels.KEY with == or !=)"));
      }
      if (!constraint.get().matches(node)) {
        String c = constraint.get().text();
        return Optional.of(new Rejection("does not match " + c, "do not match " + c));
      }
    }
    return Optional.empty();
  }
}
