package dev.banyan.engine.orchestrator;

import dev.banyan.engine.loop.StoreTriggeredLoop;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreOp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestration control loop: turns deployments into tasks (services × replicas), replacing
 * changed ones and shutting down what is no longer wanted. Runs on store changes and on a tick.
 */
public final class Orchestrator {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);
  private static final int MAX_ATTEMPTS = 5;

  private final ClusterStore store;
  private final Reconciler reconciler;
  private final StoreTriggeredLoop loop;

  public Orchestrator(ClusterStore store, Clock clock, Duration tick) {
    this.store = store;
    this.reconciler = new Reconciler(clock, TaskIds::next);
    this.loop =
        new StoreTriggeredLoop(
            store,
            "orchestrator",
            this::pass,
            tick,
            e ->
                e.key().kind() == Kind.DEPLOYMENT
                    || (e.key().kind() == Kind.TASK && e.deleted())
                    || e.key().kind() == Kind.NODE);
  }

  public void start() {
    loop.start();
  }

  public void stop() {
    loop.stop();
  }

  /** One pass; returns the number of writes, retrying on a fresh snapshot after a conflict. */
  public int pass() {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        List<StoreOp> ops = reconciler.reconcile(store.snapshot());
        if (!ops.isEmpty()) {
          store.commit(ops);
          log.info("orchestrator wrote {} task changes", ops.size());
        }
        return ops.size();
      } catch (ConflictException e) {
        log.debug("orchestrator conflict on attempt {}: {}", attempt, e.getMessage());
      }
    }
    return 0;
  }
}
