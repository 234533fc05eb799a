package dev.banyan.engine.dispatcher;

import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskStatusUpdate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists agents' status reports: only the {@code status} field, only for tasks assigned to the
 * reporting node, only when the forward-only rule allows it.
 */
public final class StatusReports {
  private static final Logger log = LoggerFactory.getLogger(StatusReports.class);
  private static final int MAX_ATTEMPTS = 5;

  private final ClusterStore store;

  public StatusReports(ClusterStore store) {
    this.store = store;
  }

  /** Applies the updates; returns how many were written. */
  public int apply(Session session, List<TaskStatusUpdate> updates) {
    int written = 0;
    for (TaskStatusUpdate update : updates) {
      if (applyOne(session.getNode(), update)) {
        written++;
      }
    }
    return written;
  }

  private boolean applyOne(String node, TaskStatusUpdate update) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<Versioned<Task>> current = store.task(update.getTaskId());
      if (current.isEmpty() || !current.get().value().getNode().equals(node)) {
        log.debug(
            "ignoring a report from {} for task {} it does not run", node, update.getTaskId());
        return false;
      }
      Task task = current.get().value();
      if (!StatusRule.accepts(task.hasStatus(), task.getStatus(), update.getStatus())) {
        return false;
      }
      Task updated = task.toBuilder().setStatus(update.getStatus()).build();
      try {
        store.commit(
            List.of(
                StoreOp.put(StoreKey.task(task.getId()), updated, current.get().modRevision())));
        return true;
      } catch (ConflictException e) {
        // The orchestrator or scheduler wrote the task meanwhile: re-read and re-check.
      }
    }
    return false;
  }
}
