package dev.banyan.agent.reconcile;

import dev.banyan.agent.health.HealthMonitor;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerRuntime;
import dev.banyan.agent.runtime.LogEntry;
import dev.banyan.agent.runtime.LogQuery;
import dev.banyan.agent.runtime.Subscription;
import dev.banyan.proto.v1.Dependency;
import dev.banyan.proto.v1.HealthCheck;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's level-triggered control loop. All state lives on one thread: each pass lists the
 * node's containers, asks the {@link ReconcilePlanner} what to do, hands actions to a worker pool
 * and reports changed statuses. Passes run on runtime events, on effect completion, on new
 * assignments and every {@code resyncPeriod}, so a missed event is repaired.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int LAST_LINES = 20;
  // Container CLI calls mostly wait on the runtime, so a deploy of 10 services starts them all at
  // once rather than 4 at a time (bench/deploy measures this).
  private static final int EFFECT_THREADS = 10;
  // While containers are being created, a pass (a listing of every container: two runtime CLI
  // calls that take the runtime's locks) waits up to this long, so that it does not slow the
  // creates down; each started container is reported from its own inspection meanwhile.
  private static final Duration PASS_DEFERRAL_WHILE_CREATING = Duration.ofSeconds(3);

  private final String node;
  private final ContainerRuntime runtime;
  private final ReconcilePlanner planner;
  private final ContainerSpecTranslator translator;
  private final StatusSink sink;
  private final Clock clock;
  private final Duration resyncPeriod;
  private final ScheduledExecutorService loop;
  private final ExecutorService effects;
  private final ScheduledExecutorService healthPool;
  private final HealthMonitor health;
  private final AtomicBoolean passPending = new AtomicBoolean();
  private volatile boolean closed;
  private volatile NodeView view = NodeView.empty();
  private volatile Subscription events;

  // Owned by the loop thread.
  private final Map<String, Task> desired = new HashMap<>();
  private boolean desiredKnown;
  private Map<String, TaskMemory> memory = new HashMap<>();
  private final Map<String, List<String>> exitLogs = new HashMap<>();
  private final Set<String> busy = new HashSet<>();
  private final Map<String, TaskStatus> reported = new HashMap<>();
  private int createsInFlight;
  private Instant lastListing = Instant.EPOCH;
  private final Set<String> loggedNotes = new HashSet<>();
  // The engine's last picture of other nodes' tasks; kept while the engine is unreachable.
  private List<NetworkEndpoint> remoteEndpoints = List.of();

  public Reconciler(
      String node,
      ContainerRuntime runtime,
      ReconcilePlanner planner,
      ContainerSpecTranslator translator,
      StatusSink sink,
      Clock clock,
      Duration resyncPeriod) {
    this.node = node;
    this.runtime = runtime;
    this.planner = planner;
    this.translator = translator;
    this.sink = sink;
    this.clock = clock;
    this.resyncPeriod = resyncPeriod;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "reconciler"));
    this.effects =
        Executors.newFixedThreadPool(EFFECT_THREADS, r -> daemon(r, "reconciler-effect"));
    this.healthPool = Executors.newScheduledThreadPool(2, r -> daemon(r, "health-check"));
    this.health = new HealthMonitor(runtime, clock, healthPool, this::trigger);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the event subscription and the periodic resync. */
  public void start() {
    subscribeEvents();
    loop.scheduleWithFixedDelay(this::trigger, 0, resyncPeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The engine sent the node's complete assignment set: anything else is to be removed. */
  public void replaceDesired(Collection<Task> tasks) {
    submit(
        () -> {
          desired.clear();
          tasks.forEach(t -> desired.put(t.getId(), t));
          desiredKnown = true;
        });
    trigger();
  }

  /** The engine added or changed {@code upserts} and removed {@code removedIds}. */
  public void applyIncrement(Collection<Task> upserts, Collection<String> removedIds) {
    submit(
        () -> {
          upserts.forEach(t -> desired.put(t.getId(), t));
          removedIds.forEach(desired::remove);
        });
    trigger();
  }

  /**
   * The engine sent a new picture of every placed task; those on other nodes gate {@code
   * depends_on} conditions. A change to a replica some task here depends on triggers a pass at
   * once.
   */
  public void replaceClusterEndpoints(Collection<NetworkEndpoint> endpoints) {
    List<NetworkEndpoint> remote =
        endpoints.stream().filter(e -> !e.getNode().equals(node)).toList();
    submit(
        () -> {
          boolean relevant = !dependedOn(remote).equals(dependedOn(remoteEndpoints));
          remoteEndpoints = remote;
          if (relevant) {
            trigger();
          }
        });
  }

  /** The endpoints of services that some assigned task depends on. */
  private List<NetworkEndpoint> dependedOn(List<NetworkEndpoint> endpoints) {
    Set<String> services = new HashSet<>();
    for (Task t : desired.values()) {
      for (Dependency d : t.getSpec().getDependsOnList()) {
        services.add(t.getDeployment() + "/" + d.getService());
      }
    }
    return endpoints.stream()
        .filter(e -> services.contains(e.getDeployment() + "/" + e.getService()))
        .toList();
  }

  /** The node after the last pass. */
  public NodeView view() {
    return view;
  }

  /** Every status last reported (for the periodic full resync to the engine). */
  public void forEachStatus(StatusSink to) {
    submit(() -> Map.copyOf(reported).forEach(to::report));
  }

  /** Asks for a pass soon; several requests before it runs collapse into one. */
  public void trigger() {
    if (!closed && passPending.compareAndSet(false, true)) {
      submit(
          () -> {
            passPending.set(false);
            pass();
          });
    }
  }

  private void submit(Runnable r) {
    if (!closed) {
      try {
        loop.execute(r);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing.
      }
    }
  }

  private void subscribeEvents() {
    if (closed) {
      return;
    }
    try {
      events =
          runtime.events(
              Map.of(TaskLabels.NODE, node),
              e -> {
                log.debug("container event {} {}", e.action(), e.containerId());
                trigger();
              },
              () -> {
                if (!closed) {
                  log.warn("the {} event stream ended; resubscribing", runtime.name());
                  loop.schedule(this::subscribeEvents, 2, TimeUnit.SECONDS);
                }
              });
    } catch (RuntimeException e) {
      log.warn(
          "cannot watch {} events ({}); relying on the periodic resync",
          runtime.name(),
          e.getMessage());
    }
  }

  private void pass() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    Duration sinceListing = Duration.between(lastListing, now);
    if (createsInFlight > 0 && sinceListing.compareTo(PASS_DEFERRAL_WHILE_CREATING) < 0) {
      // The create that finishes last triggers a pass anyway; this is the bound.
      loop.schedule(
          this::trigger,
          PASS_DEFERRAL_WHILE_CREATING.minus(sinceListing).toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    lastListing = now;
    List<ContainerInfo> containers;
    try {
      containers = runtime.list(Map.of(TaskLabels.NODE, node));
    } catch (RuntimeException e) {
      if (!closed) {
        log.warn("cannot list containers: {}", e.getMessage());
      }
      return;
    }
    Map<String, ContainerInfo> byTask = new HashMap<>();
    containers.forEach(c -> c.label(TaskLabels.TASK).ifPresent(t -> byTask.putIfAbsent(t, c)));
    if (!desiredKnown) {
      // Before the engine's first complete set, only look: removing anything now could kill
      // containers the engine still wants.
      view = new NodeView(Map.of(), byTask);
      return;
    }
    collectExitLogs(containers);
    Observation o =
        new Observation(
            desired,
            containers,
            memory,
            health.snapshot(),
            exitLogs,
            busy,
            clock.instant(),
            remoteEndpoints);
    Plan plan = planner.plan(o);
    memory = new HashMap<>(plan.memory());
    for (String note : plan.notes()) {
      if (loggedNotes.add(note)) {
        log.info("{}", note);
      }
    }
    plan.actions().forEach(this::dispatch);
    plan.statuses().forEach(this::reportIfChanged);
    reported.keySet().retainAll(desired.keySet());
    watchHealth(containers);
    view = new NodeView(desired, byTask);
  }

  private void collectExitLogs(List<ContainerInfo> containers) {
    Set<String> live = new HashSet<>();
    for (ContainerInfo c : containers) {
      if (!c.state().hasExited()) {
        continue;
      }
      String key = Observation.exitKey(c);
      live.add(key);
      if (!exitLogs.containsKey(key)) {
        try {
          exitLogs.put(
              key,
              runtime.logLines(c.id(), LogQuery.tail(LAST_LINES)).stream()
                  .map(LogEntry::text)
                  .toList());
        } catch (RuntimeException e) {
          exitLogs.put(key, List.of());
        }
      }
    }
    exitLogs.keySet().retainAll(live);
  }

  private void watchHealth(List<ContainerInfo> containers) {
    Map<String, HealthCheck> targets = new HashMap<>();
    for (ContainerInfo c : containers) {
      Task t = desired.get(c.label(TaskLabels.TASK).orElse(""));
      if (t != null && !c.state().hasExited() && ReconcilePlanner.hasHealthCheck(t)) {
        targets.put(c.id(), t.getSpec().getHealthCheck());
      }
    }
    health.watch(targets);
  }

  private void reportIfChanged(String taskId, TaskStatus status) {
    TaskStatus previous = reported.get(taskId);
    TaskStatus withoutTime = status.toBuilder().clearTimestamp().build();
    if (previous != null && previous.toBuilder().clearTimestamp().build().equals(withoutTime)) {
      return;
    }
    reported.put(taskId, status);
    log.info(
        "task {} {}: {}",
        taskId,
        status.getState().name().replace("TASK_STATE_", ""),
        status.getMessage());
    sink.report(taskId, status);
  }

  private void dispatch(Action action) {
    String key =
        action instanceof Action.Remove r && action.taskId().isEmpty()
            ? r.containerId()
            : action.taskId();
    if (!busy.add(key)) {
      return;
    }
    boolean create = action instanceof Action.Create;
    if (create) {
      createsInFlight++;
    }
    effects.execute(
        () -> {
          try {
            run(action);
          } catch (RuntimeException e) {
            log.warn("{} of task {} failed: {}", kind(action), action.taskId(), e.getMessage());
            submit(() -> onFailure(action, e));
          } finally {
            submit(
                () -> {
                  busy.remove(key);
                  if (create) {
                    createsInFlight--;
                  }
                });
            trigger();
          }
        });
  }

  private static String kind(Action a) {
    return a.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private void run(Action action) {
    if (action instanceof Action.Create c) {
      Task task = c.task();
      ContainerSpecTranslator.namedVolumes(task).forEach(runtime::createVolume);
      translator.writeFiles(task);
      String id = runtime.createAndStart(translator.config(task));
      log.info("started container {} for task {}", id, task.getId());
      // Report it from its own inspection rather than wait for the next pass's listing of every
      // container: that listing queues behind the other starts of a deploy and was a tenth of a
      // small deploy's time (docs/benchmarks.md). The pass that follows checks everything anyway.
      runtime.inspect(id).ifPresent(info -> submit(() -> reportStarted(task.getId(), info)));
    } else if (action instanceof Action.Restart r) {
      runtime.start(r.containerId());
      log.info("restarted container {} of task {}", r.containerId(), r.taskId());
    } else if (action instanceof Action.Remove r) {
      log.info("removing container {} of task {}: {}", r.containerId(), r.taskId(), r.reason());
      runtime.stop(r.containerId(), r.signal(), r.grace());
      runtime.remove(r.containerId());
      for (String volume : r.volumes()) {
        try {
          runtime.removeVolume(volume);
          log.info("removed volume {} of task {}", volume, r.taskId());
        } catch (RuntimeException e) {
          // Another replica on this node still mounts it; the last one to go removes it.
          log.info("volume {} is kept for now: {}", volume, e.getMessage());
        }
      }
      if (!r.taskId().isEmpty()) {
        submit(() -> deleteFilesIfGone(r.taskId()));
      }
    }
  }

  /**
   * Reports the status of a task whose container an effect has just started, planned from that
   * container alone. Only a RUNNING status is reported; anything else (it exited at once, its spec
   * changed meanwhile) waits for a full pass, which has the exit logs and the whole node.
   */
  private void reportStarted(String taskId, ContainerInfo container) {
    Task task = desired.get(taskId);
    if (task == null
        || task.getDesiredState() != TaskState.TASK_STATE_RUNNING
        || container.state().hasExited()) {
      return;
    }
    Observation o =
        new Observation(
            Map.of(taskId, task),
            List.of(container),
            memory,
            health.snapshot(),
            exitLogs,
            Set.of(),
            clock.instant(),
            remoteEndpoints);
    TaskStatus status = planner.plan(o).statuses().get(taskId);
    if (status != null && status.getState() == TaskState.TASK_STATE_RUNNING) {
      reportIfChanged(taskId, status);
    }
  }

  private void deleteFilesIfGone(String taskId) {
    Task t = desired.get(taskId);
    if (t == null || t.getDesiredState() != TaskState.TASK_STATE_RUNNING) {
      try {
        translator.deleteFiles(taskId);
      } catch (RuntimeException e) {
        log.warn("{}", e.getMessage());
      }
    }
  }

  private void onFailure(Action action, RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (action instanceof Action.Create || action instanceof Action.Restart) {
      TaskMemory m = memory.get(action.taskId());
      Task task = desired.get(action.taskId());
      if (m == null && task != null) {
        m =
            TaskMemory.initial(
                task.getStatus().getRestartCount(),
                RestartRule.firstBackoff(task.getSpec().getRestart()));
      }
      if (m != null) {
        memory.put(action.taskId(), m.withStartError(message));
      }
      if (action instanceof Action.Restart r) {
        // A container that cannot start again is removed; the task reports FAILED.
        effects.execute(
            () -> {
              try {
                runtime.remove(r.containerId());
              } catch (RuntimeException ex) {
                log.warn("cannot remove container {}: {}", r.containerId(), ex.getMessage());
              }
              trigger();
            });
      }
    }
  }

  /** Stops watching; containers are left running (an agent restart must not restart them). */
  @Override
  public void close() {
    closed = true;
    Subscription s = events;
    if (s != null) {
      s.close();
    }
    health.close();
    healthPool.shutdownNow();
    loop.shutdownNow();
    effects.shutdown();
    try {
      if (!effects.awaitTermination(15, TimeUnit.SECONDS)) {
        effects.shutdownNow();
      }
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
