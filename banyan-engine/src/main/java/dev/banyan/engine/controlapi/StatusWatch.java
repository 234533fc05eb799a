package dev.banyan.engine.controlapi;

import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.store.StoreListener;
import dev.banyan.engine.store.Subscription;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.Task;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One {@code WatchStatus} stream: the status now, then a new one after changes to the watched
 * deployment's record or tasks. Changes within {@link #COALESCE} of the first go out as one answer
 * (a deploy's containers report within milliseconds of each other), and an answer equal to the last
 * one sent is skipped. The CLI follows a rollout with this instead of polling, which cost CPU on
 * both ends while the machine was busy starting containers (docs/benchmarks.md).
 */
final class StatusWatch implements StoreListener {
  static final Duration COALESCE = Duration.ofMillis(20);

  private final ClusterStore store;
  private final StatusQueries queries;
  private final String deployment;
  private final ServerCallStreamObserver<GetStatusResponse> out;
  private final ScheduledExecutorService timer;
  private Optional<Subscription> subscription = Optional.empty();
  private Optional<GetStatusResponse> last = Optional.empty();
  private boolean pending;
  private boolean ended;

  StatusWatch(
      ClusterStore store,
      StatusQueries queries,
      String deployment,
      ServerCallStreamObserver<GetStatusResponse> out,
      ScheduledExecutorService timer) {
    this.store = store;
    this.queries = queries;
    this.deployment = deployment;
    this.out = out;
    this.timer = timer;
  }

  /** Sends the first answer and starts following changes after it. */
  synchronized void start() {
    out.setOnCancelHandler(this::cancelled);
    long revision = store.snapshot().revision();
    send();
    if (!ended) {
      subscription = Optional.of(store.watch(revision, this));
    }
  }

  @Override
  public synchronized void onEvents(List<StoreEvent> events) {
    if (events.stream().anyMatch(this::concernsTheWatchedDeployment)) {
      schedule();
    }
  }

  @Override
  public synchronized void onResync(long revision) {
    schedule();
  }

  private boolean concernsTheWatchedDeployment(StoreEvent e) {
    if (e.key().kind() == Kind.DEPLOYMENT) {
      return deployment.isEmpty() || e.key().name().equals(deployment);
    }
    if (e.key().kind() == Kind.TASK) {
      return deployment.isEmpty()
          || e.latest(Task.class).map(t -> t.getDeployment().equals(deployment)).orElse(true);
    }
    return false;
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
    if (!ended) {
      send();
    }
  }

  private void send() {
    try {
      GetStatusResponse status = queries.status(deployment);
      if (last.filter(status::equals).isEmpty() && !out.isCancelled()) {
        out.onNext(status);
        last = Optional.of(status);
      }
    } catch (RuntimeException e) {
      end();
      if (!out.isCancelled()) {
        out.onError(ControlService.toStatus(e).asRuntimeException());
      }
    }
  }

  private void end() {
    ended = true;
    subscription.ifPresent(Subscription::close);
  }

  private synchronized void cancelled() {
    end();
  }
}
