package dev.banyan.engine.loop;

import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.store.StoreListener;
import dev.banyan.engine.store.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A {@link ReconcileLoop} that also runs when the store reports changes it cares about. */
public final class StoreTriggeredLoop {
  private final ClusterStore store;
  private final ReconcileLoop loop;
  private final Predicate<StoreEvent> relevant;
  private Optional<Subscription> subscription = Optional.empty();

  public StoreTriggeredLoop(
      ClusterStore store,
      String name,
      Runnable pass,
      Duration tick,
      Predicate<StoreEvent> relevant) {
    this.store = store;
    this.loop = new ReconcileLoop(name, pass, tick);
    this.relevant = relevant;
  }

  public synchronized void start() {
    loop.start();
    long revision = store.snapshot().revision();
    subscription =
        Optional.of(
            store.watch(
                revision,
                new StoreListener() {
                  @Override
                  public void onEvents(List<StoreEvent> events) {
                    if (events.stream().anyMatch(relevant)) {
                      loop.trigger();
                    }
                  }

                  @Override
                  public void onResync(long revision) {
                    loop.trigger();
                  }
                }));
  }

  public void trigger() {
    loop.trigger();
  }

  public synchronized void stop() {
    subscription.ifPresent(Subscription::close);
    subscription = Optional.empty();
    loop.stop();
  }
}
