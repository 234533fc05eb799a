package dev.banyan.engine.scheduler;

import dev.banyan.engine.loop.StoreTriggeredLoop;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
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
  private final PlanApplier applier;
  private final StoreTriggeredLoop loop;
  private final Consumer<Duration> onScheduled;
  private final Clock clock;

  public SchedulerLoop(ClusterStore store, Scheduler scheduler, Duration tick) {
    this(store, scheduler, tick, latency -> {}, Clock.systemUTC());
  }

  /** {@code onScheduled}: told, per placed task, how long it waited since it was created. */
  public SchedulerLoop(
      ClusterStore store,
      Scheduler scheduler,
      Duration tick,
      Consumer<Duration> onScheduled,
      Clock clock) {
    this.onScheduled = onScheduled;
    this.clock = clock;
    this.store = store;
    this.scheduler = scheduler;
    this.applier = new PlanApplier(store);
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
                .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
                .filter(t -> t.getNode().isEmpty())
                .map(SchedulerLoop::request)
                .toList();
        if (unplaced.isEmpty()) {
          return;
        }
        Plan plan = scheduler.schedule(snapshotOf(state), unplaced);
        int written = applier.apply(plan, state);
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
      }
    }
  }

  /** The scheduler's view of a store snapshot. */
  public static ClusterSnapshot snapshotOf(ClusterState state) {
    List<NodeInfo> nodes =
        state.nodes().values().stream().map(Versioned::value).map(SchedulerLoop::info).toList();
    List<PlacedTask> placed =
        state.tasks().values().stream()
            .map(Versioned::value)
            .filter(t -> !t.getNode().isEmpty())
            .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
            .map(t -> new PlacedTask(t.getNode(), t.getDeployment(), t.getService()))
            .toList();
    return new ClusterSnapshot(nodes, placed);
  }

  static NodeInfo info(Node node) {
    return NodeInfo.of(
        node.getName(),
        node.getState() == NodeState.NODE_STATE_READY,
        node.getAvailability() == NodeAvailability.NODE_AVAILABILITY_DRAIN,
        node.getLabelsMap());
  }

  static TaskRequest request(Task task) {
    return new TaskRequest(
        task.getId(),
        task.getDeployment(),
        task.getService(),
        task.getReplica(),
        task.getPlacement().getConstraintsList());
  }
}
