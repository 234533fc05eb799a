package dev.banyan.engine.dispatcher;

import dev.banyan.engine.loop.StoreTriggeredLoop;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes tasks that are done: desired SHUTDOWN and either reported SHUTDOWN by their agent, never
 * assigned, or on a node that is DOWN or gone.
 */
public final class Reaper {
  private static final Logger log = LoggerFactory.getLogger(Reaper.class);

  private final ClusterStore store;
  private final StoreTriggeredLoop loop;

  public Reaper(ClusterStore store, Duration tick) {
    this.store = store;
    this.loop =
        new StoreTriggeredLoop(
            store,
            "reaper",
            this::pass,
            tick,
            e -> e.key().kind() == Kind.TASK || e.key().kind() == Kind.NODE);
  }

  public void start() {
    loop.start();
  }

  public void stop() {
    loop.stop();
  }

  /** One pass; returns the number of tasks deleted. */
  public int pass() {
    ClusterState state = store.snapshot();
    List<StoreOp> deletes =
        state.tasks().values().stream()
            .filter(t -> reapable(t.value(), state))
            .<StoreOp>map(t -> StoreOp.delete(StoreKey.task(t.value().getId()), t.modRevision()))
            .toList();
    if (deletes.isEmpty()) {
      return 0;
    }
    try {
      store.commit(deletes);
      log.info("reaped {} tasks", deletes.size());
    } catch (ConflictException e) {
      log.debug("a task changed while reaping; next pass retries");
      loop.trigger();
    }
    return deletes.size();
  }

  static boolean reapable(Task task, ClusterState state) {
    if (task.getDesiredState() != TaskState.TASK_STATE_SHUTDOWN) {
      return false;
    }
    if (task.getStatus().getState() == TaskState.TASK_STATE_SHUTDOWN || task.getNode().isEmpty()) {
      return true;
    }
    Versioned<Node> node = state.nodes().get(task.getNode());
    return node == null || node.value().getState() == NodeState.NODE_STATE_DOWN;
  }
}
