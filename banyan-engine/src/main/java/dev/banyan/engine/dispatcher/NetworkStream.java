package dev.banyan.engine.dispatcher;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.store.StoreListener;
import dev.banyan.engine.store.Subscription;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.proto.v1.NetworkSnapshot;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One agent's network stream: the complete picture, then a new one after changes to nodes or tasks.
 * Changes are coalesced for {@link #COALESCE} so a burst of status reports costs one snapshot, and
 * a snapshot equal to the last one sent is skipped.
 */
final class NetworkStream implements StoreListener {
  static final Duration COALESCE = Duration.ofMillis(250);

  private final ClusterStore store;
  private final Session session;
  private final String clusterCidr;
  private final ServerCallStreamObserver<NetworkSnapshot> out;
  private final ScheduledExecutorService timer;
  private Optional<Subscription> subscription = Optional.empty();
  private Optional<NetworkSnapshot> last = Optional.empty();
  private boolean pending;
  private boolean ended;

  NetworkStream(
      ClusterStore store,
      Session session,
      String clusterCidr,
      ServerCallStreamObserver<NetworkSnapshot> out,
      ScheduledExecutorService timer) {
    this.store = store;
    this.session = session;
    this.clusterCidr = clusterCidr;
    this.out = out;
    this.timer = timer;
  }

  synchronized void start() {
    out.setOnCancelHandler(this::cancelled);
    long revision = sendSnapshot();
    if (!ended) {
      subscription = Optional.of(store.watch(revision, this));
    }
  }

  @Override
  public synchronized void onEvents(List<StoreEvent> events) {
    for (StoreEvent e : events) {
      if (e.key().kind() == Kind.SESSION_ID
          && e.deleted()
          && e.key().name().equals(session.getId())) {
        end(Status.NOT_FOUND.withDescription("session expired; re-register"));
        return;
      }
    }
    if (events.stream().anyMatch(e -> e.key().kind() == Kind.TASK || e.key().kind() == Kind.NODE)) {
      schedule();
    }
  }

  @Override
  public synchronized void onResync(long revision) {
    schedule();
  }

  private void schedule() {
    if (ended || pending) {
      return;
    }
    pending = true;
    var unused = timer.schedule(this::flush, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void flush() {
    pending = false;
    if (ended) {
      return;
    }
    try {
      sendSnapshot();
    } catch (RuntimeException e) {
      end(DispatcherService.toStatus(e));
    }
  }

  private long sendSnapshot() {
    ClusterState state = store.snapshot();
    Versioned<Session> current = state.sessions().get(session.getNode());
    if (current == null || !current.value().getId().equals(session.getId())) {
      end(Status.NOT_FOUND.withDescription("session expired; re-register"));
      return state.revision();
    }
    NetworkSnapshot snapshot = NetworkSnapshots.of(state, clusterCidr);
    if (last.filter(snapshot::equals).isEmpty() && !out.isCancelled()) {
      out.onNext(snapshot);
      last = Optional.of(snapshot);
    }
    return state.revision();
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
