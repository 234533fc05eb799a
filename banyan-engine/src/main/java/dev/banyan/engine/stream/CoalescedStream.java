package dev.banyan.engine.stream;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.store.StoreListener;
import dev.banyan.engine.store.Subscription;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A server stream that follows the cluster store: a first message at once, then a new one after
 * each relevant change. Changes within the coalescing delay of the first go out as one message (a
 * burst of status reports costs one), and a message equal to the last one sent is skipped. The
 * agents' network streams and the CLI's status watches are both this.
 *
 * @param <T> the message type
 */
public abstract class CoalescedStream<T> implements StoreListener {
  private final ClusterStore store;
  private final ServerCallStreamObserver<T> out;
  private final ScheduledExecutorService timer;
  private final Duration coalesce;
  private final Function<RuntimeException, Status> toStatus;
  private Optional<Subscription> subscription = Optional.empty();
  private Optional<T> last = Optional.empty();
  private boolean pending;
  private boolean ended;

  /**
   * @param timer runs the coalesced sends
   * @param toStatus the status a failure to build a message ends the stream with
   */
  protected CoalescedStream(
      ClusterStore store,
      ServerCallStreamObserver<T> out,
      ScheduledExecutorService timer,
      Duration coalesce,
      Function<RuntimeException, Status> toStatus) {
    this.store = store;
    this.out = out;
    this.timer = timer;
    this.coalesce = coalesce;
    this.toStatus = toStatus;
  }

  /** The message for {@code state}; empty when {@link #end} was called instead. */
  protected abstract Optional<T> message(ClusterState state);

  /** Whether these changes call for a new message; may {@link #end} the stream instead. */
  protected abstract boolean changes(List<StoreEvent> events);

  /** Sends the first message and starts following the store from the state it was built from. */
  public final synchronized void start() {
    out.setOnCancelHandler(this::cancelled);
    ClusterState state = send();
    if (!ended && state != null) {
      subscription = Optional.of(store.watch(state.revision(), this));
    }
  }

  @Override
  public final synchronized void onEvents(List<StoreEvent> events) {
    if (!ended && changes(events)) {
      schedule();
    }
  }

  @Override
  public final synchronized void onResync(long revision) {
    schedule();
  }

  /** Ends the stream with {@code status}, once. */
  protected final void end(Status status) {
    if (ended) {
      return;
    }
    ended = true;
    subscription.ifPresent(Subscription::close);
    if (!out.isCancelled()) {
      out.onError(status.asRuntimeException());
    }
  }

  private void schedule() {
    if (ended || pending) {
      return;
    }
    pending = true;
    var unused = timer.schedule(this::flush, coalesce.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void flush() {
    pending = false;
    if (!ended) {
      send();
    }
  }

  /** Sends the message for the store as it is now; returns that state, or null on a failure. */
  private ClusterState send() {
    try {
      ClusterState state = store.snapshot();
      Optional<T> next = message(state);
      if (next.isPresent() && !next.equals(last) && !ended && !out.isCancelled()) {
        out.onNext(next.get());
        last = next;
      }
      return state;
    } catch (RuntimeException e) {
      end(toStatus.apply(e));
      return null;
    }
  }

  private synchronized void cancelled() {
    ended = true;
    subscription.ifPresent(Subscription::close);
  }
}
