package dev.banyan.engine.scheduler;

import dev.banyan.engine.loop.StoreTriggeredLoop;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduling control loop: snapshot, plan with the pure {@link Scheduler}, apply. */
public final class SchedulerLoop {
  private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);
  private static final int MAX_ATTEMPTS = 5;

  private final ClusterStore store;
  private final Scheduler scheduler;
  private final TaskViews views;
  private final PlanApplier applier;
  private final StoreTriggeredLoop loop;
  private final Consumer<Duration> onScheduled;
  private final Clock clock;

  public SchedulerLoop(
      ClusterStore store, Scheduler scheduler, ResourceDefaults defaults, Duration tick) {
    this(store, scheduler, defaults, tick, latency -> {}, Clock.systemUTC());
  }

  /** {@code onScheduled}: told, per placed task, how long it waited since it was created. */
  public SchedulerLoop(
      ClusterStore store,
      Scheduler scheduler,
      ResourceDefaults defaults,
      Duration tick,
      Consumer<Duration> onScheduled,
      Clock clock) {
    this.onScheduled = onScheduled;
    this.clock = clock;
    this.store = store;
    this.scheduler = scheduler;
    this.views = new TaskViews(defaults);
    this.applier = new PlanApplier(store, views);
    this.loop =
        new StoreTriggeredLoop(
            store,
            "scheduler",
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

  /** One scheduling pass, retried on a fresh snapshot when a concurrent write conflicts. */
  public void pass() {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        ClusterState state = store.snapshot();
        List<TaskRequest> unplaced =
            state.tasks().values().stream()
                .map(Versioned::value)
                .filter(TaskViews::unplaced)
                .map(views::request)
                .toList();
        if (unplaced.isEmpty()) {
          return;
        }
        Plan plan = scheduler.schedule(views.snapshotOf(state), unplaced);
        int written = applier.apply(plan);
        if (written > 0) {
          Instant now = clock.instant();
          for (Plan.Assignment a : plan.assignments()) {
            Versioned<Task> t = state.tasks().get(a.taskId());
            if (t != null && t.value().hasCreatedAt()) {
              Instant created =
                  Instant.ofEpochSecond(
                      t.value().getCreatedAt().getSeconds(), t.value().getCreatedAt().getNanos());
              onScheduled.accept(Duration.between(created, now));
            }
          }
          log.info(
              "scheduled {} tasks, {} pending", plan.assignments().size(), plan.pending().size());
        }
        return;
      } catch (ConflictException e) {
        log.debug("scheduling conflict on attempt {}: {}", attempt, e.getMessage());
        if (attempt == MAX_ATTEMPTS) {
          // Visible, so that a scheduler stuck on conflicts does not look idle.
          log.warn(
              "scheduling pass gave up after {} conflicting attempts (last: {}); the next pass"
                  + " retries",
              MAX_ATTEMPTS,
              e.getMessage());
        }
      }
    }
  }
}
