package dev.banyan.engine.scheduler;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits a {@link Plan} computed from a {@link ClusterState}: each placement is written only if
 * the task and its node are unchanged since that state (compare-and-set), in batches.
 */
public final class PlanApplier {
  private static final int PLACEMENTS_PER_BATCH = 60;

  private final ClusterStore store;

  public PlanApplier(ClusterStore store) {
    this.store = store;
  }

  /** Writes the plan; returns the number of tasks changed. Throws on conflict after a partial. */
  public int apply(Plan plan, ClusterState state) {
    List<Plan.Assignment> assignments = new ArrayList<>();
    for (Plan.Assignment a : plan.assignments()) {
      // Re-check: a node that is no longer ready in the state we saw gets nothing.
      Versioned<Node> node = state.nodes().get(a.node());
      if (node != null && node.value().getState() == NodeState.NODE_STATE_READY) {
        assignments.add(a);
      }
    }
    int written = 0;
    for (int from = 0; from < assignments.size(); from += PLACEMENTS_PER_BATCH) {
      List<Plan.Assignment> batch =
          assignments.subList(from, Math.min(assignments.size(), from + PLACEMENTS_PER_BATCH));
      Map<String, StoreOp> checks = new LinkedHashMap<>();
      List<StoreOp> ops = new ArrayList<>();
      for (Plan.Assignment a : batch) {
        Versioned<Task> task = state.tasks().get(a.taskId());
        Task placed =
            task.value().toBuilder()
                .setNode(a.node())
                .setSchedulerState(TaskState.TASK_STATE_ASSIGNED)
                .clearPendingReason()
                .build();
        ops.add(StoreOp.put(StoreKey.task(a.taskId()), placed, task.modRevision()));
        checks.computeIfAbsent(
            a.node(), n -> new StoreOp.Check(StoreKey.node(n), state.nodes().get(n).modRevision()));
      }
      ops.addAll(checks.values());
      store.commit(ops);
      written += batch.size();
    }
    List<StoreOp> pendingOps = new ArrayList<>();
    for (Plan.Pending p : plan.pending()) {
      Versioned<Task> task = state.tasks().get(p.taskId());
      Task t = task.value();
      if (t.getSchedulerState() != TaskState.TASK_STATE_PENDING
          || !t.getPendingReason().equals(p.reason())) {
        Task pending =
            t.toBuilder()
                .setSchedulerState(TaskState.TASK_STATE_PENDING)
                .setPendingReason(p.reason())
                .build();
        pendingOps.add(StoreOp.put(StoreKey.task(p.taskId()), pending, task.modRevision()));
      }
    }
    store.commit(pendingOps);
    return written + pendingOps.size();
  }
}
