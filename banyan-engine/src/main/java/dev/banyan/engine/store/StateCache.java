package dev.banyan.engine.store;

import com.google.protobuf.Message;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The records a {@link ClusterState} holds, kept current from the engine's shared watch, so that a
 * controller pass does not read and decode every task from etcd again (with 100,000 tasks that was
 * seconds per pass, and every loop runs a pass per change). A snapshot is served from here only
 * once the cache has applied every event up to a revision etcd reported after the call began (see
 * {@link EtcdClusterStore#snapshot()}), so callers still read their own writes.
 */
final class StateCache implements StoreListener {
  private final Map<String, Versioned<StoredDeployment>> deployments = new HashMap<>();
  private final Map<String, Versioned<Task>> tasks = new HashMap<>();
  private final Map<String, Versioned<Node>> nodes = new HashMap<>();
  private final Map<String, Versioned<Session>> sessions = new HashMap<>();
  private long revision;
  private boolean valid;
  // Events that arrived while invalid (after a resync), replayed onto the next full read.
  private final List<StoreEvent> pending = new ArrayList<>();
  private boolean pendingOverflowed;
  static final int MAX_PENDING = 200_000;

  /** Starts over from a full read, unless the cache has already moved past it. */
  synchronized void reset(ClusterState state) {
    if (valid && revision >= state.revision()) {
      return;
    }
    if (pendingOverflowed) {
      // Too much changed while invalid to replay; the read after this one starts afresh.
      pending.clear();
      pendingOverflowed = false;
      return;
    }
    deployments.clear();
    deployments.putAll(state.deployments());
    tasks.clear();
    tasks.putAll(state.tasks());
    nodes.clear();
    nodes.putAll(state.nodes());
    sessions.clear();
    sessions.putAll(state.sessions());
    revision = state.revision();
    valid = true;
    if (!pending.isEmpty()) {
      List<StoreEvent> replay = List.copyOf(pending);
      pending.clear();
      onEvents(replay);
    }
    notifyAll();
  }

  /**
   * The cached state once it covers {@code atLeast}, waiting up to {@code waitMillis} while it
   * catches up; empty at once without a valid cache (none read yet, or a resync), and empty after
   * the wait if it is still behind (e.g. no event under the Banyan prefix at that revision).
   */
  synchronized Optional<ClusterState> at(long atLeast, long waitMillis) {
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    while (revision < atLeast || !valid) {
      if (!valid) {
        return Optional.empty(); // only a full read makes it valid: do not wait for one
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.of(new ClusterState(revision, deployments, tasks, nodes, sessions));
  }

  @Override
  public synchronized void onEvents(List<StoreEvent> events) {
    if (!valid) {
      if (pending.size() + events.size() > MAX_PENDING) {
        pendingOverflowed = true;
        pending.clear();
      } else if (!pendingOverflowed) {
        pending.addAll(events);
      }
      return;
    }
    for (StoreEvent e : events) {
      if (e.revision() <= revision) {
        continue; // already in the full read the cache was reset from
      }
      String name = e.key().name();
      switch (e.key().kind()) {
        case DEPLOYMENT -> apply(deployments, name, e, StoredDeployment.class);
        case TASK -> apply(tasks, name, e, Task.class);
        case NODE -> apply(nodes, name, e, Node.class);
        case SESSION -> apply(sessions, name, e, Session.class);
        default -> {}
      }
    }
    revision = Math.max(revision, events.get(events.size() - 1).revision());
    notifyAll();
  }

  private static <T extends Message> void apply(
      Map<String, Versioned<T>> map, String name, StoreEvent e, Class<T> type) {
    Optional<Message> value = e.value();
    if (e.deleted() || value.isEmpty()) {
      map.remove(name);
    } else {
      map.put(name, new Versioned<>(type.cast(value.get()), e.revision()));
    }
  }

  /** Events were lost: serve nothing until the next full read. */
  @Override
  public synchronized void onResync(long atRevision) {
    valid = false;
    pending.clear();
    pendingOverflowed = false;
  }
}
