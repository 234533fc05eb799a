package dev.banyan.agent.reconcile;

import dev.banyan.proto.v1.TaskStatus;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one reconcile pass: actions to run, the memory to keep, the status of every task
 * the pass looked at, and notes worth logging.
 */
public record Plan(
    List<Action> actions,
    Map<String, TaskMemory> memory,
    Map<String, TaskStatus> statuses,
    List<String> notes) {
  public Plan {
    actions = List.copyOf(actions);
    memory = Map.copyOf(memory);
    statuses = Map.copyOf(statuses);
    notes = List.copyOf(notes);
  }
}
