package dev.banyan.engine.scheduler;

import java.util.List;

/** The scheduler's output: where each task goes, and why the others go nowhere yet. */
public record Plan(List<Assignment> assignments, List<Pending> pending) {
  public Plan {
    assignments = List.copyOf(assignments);
    pending = List.copyOf(pending);
  }

  /** Task {@code taskId} goes to {@code node}; {@code reason} says why that node. */
  public record Assignment(String taskId, String node, String reason) {
    /** An assignment whose reason does not matter (tests, the applier's bookkeeping). */
    public Assignment(String taskId, String node) {
      this(taskId, node, "");
    }
  }

  /** Task {@code taskId} fits no node; {@code reason} is a sentence for the operator. */
  public record Pending(String taskId, String reason) {}
}
