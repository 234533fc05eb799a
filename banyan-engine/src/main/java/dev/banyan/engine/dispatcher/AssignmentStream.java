package dev.banyan.engine.dispatcher;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.store.StoreListener;
import dev.banyan.engine.store.Subscription;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.proto.v1.AssignmentsMessage;
import dev.banyan.proto.v1.Task;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One agent's assignment stream: the node's complete task set, then increments from a store watch
 * until the session is replaced or expires (then NOT_FOUND, and the agent re-registers).
 */
final class AssignmentStream implements StoreListener {
  private final ClusterStore store;
  private final Session session;
  private final ServerCallStreamObserver<AssignmentsMessage> out;
  private final Set<String> known = new HashSet<>();
  private Optional<Subscription> subscription = Optional.empty();
  private boolean ended;

  AssignmentStream(
      ClusterStore store, Session session, ServerCallStreamObserver<AssignmentsMessage> out) {
    this.store = store;
    this.session = session;
    this.out = out;
  }

  synchronized void start() {
    out.setOnCancelHandler(this::cancelled);
    long revision = sendComplete();
    if (!ended) {
      subscription = Optional.of(store.watch(revision, this));
    }
  }

  private long sendComplete() {
    ClusterState state = store.snapshot();
    Versioned<Session> current = state.sessions().get(session.getNode());
    if (current == null || !current.value().getId().equals(session.getId())) {
      end(Status.NOT_FOUND.withDescription("session expired; re-register"));
      return state.revision();
    }
    List<Task> tasks = state.tasksOn(session.getNode()).stream().map(Versioned::value).toList();
    known.clear();
    tasks.forEach(t -> known.add(t.getId()));
    send(
        AssignmentsMessage.newBuilder()
            .setType(AssignmentsMessage.Type.TYPE_COMPLETE)
            .addAllTasks(tasks)
            .build());
    return state.revision();
  }

  @Override
  public synchronized void onEvents(List<StoreEvent> events) {
    if (ended) {
      return;
    }
    List<Task> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (StoreEvent e : events) {
      if (e.key().kind() == Kind.SESSION_ID
          && e.deleted()
          && e.key().name().equals(session.getId())) {
        end(Status.NOT_FOUND.withDescription("session expired; re-register"));
        return;
      }
      if (e.key().kind() != Kind.TASK) {
        continue;
      }
      String id = e.key().name();
      Optional<Task> task = e.value().map(Task.class::cast);
      if (!e.deleted() && task.isPresent() && task.get().getNode().equals(session.getNode())) {
        known.add(id);
        changed.removeIf(t -> t.getId().equals(id));
        changed.add(task.get());
        removed.remove(id);
      } else if (known.remove(id)) {
        changed.removeIf(t -> t.getId().equals(id));
        removed.add(id);
      }
    }
    if (!changed.isEmpty() || !removed.isEmpty()) {
      send(
          AssignmentsMessage.newBuilder()
              .setType(AssignmentsMessage.Type.TYPE_INCREMENTAL)
              .addAllTasks(changed)
              .addAllRemovedTaskIds(removed)
              .build());
    }
  }

  @Override
  public synchronized void onResync(long revision) {
    if (!ended) {
      sendComplete();
    }
  }

  private void send(AssignmentsMessage message) {
    if (!ended && !out.isCancelled()) {
      out.onNext(message);
    }
  }

  private void end(Status status) {
    if (ended) {
      return;
    }
    ended = true;
    subscription.ifPresent(Subscription::close);
    if (!out.isCancelled()) {
      out.onError(status.asRuntimeException());
    }
  }

  private synchronized void cancelled() {
    ended = true;
    subscription.ifPresent(Subscription::close);
  }
}
