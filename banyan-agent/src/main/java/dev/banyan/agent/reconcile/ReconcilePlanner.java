package dev.banyan.agent.reconcile;

import com.google.protobuf.Timestamp;
import dev.banyan.agent.node.UlimitPolicy;
import dev.banyan.agent.runtime.ContainerConfig;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerState;
import dev.banyan.proto.v1.Dependency;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconciler's pure decision function: from an {@link Observation} to a {@link Plan}. It does
 * no I/O, so every rule of the task model (adoption, replacement, restarts with back-off,
 * dependencies) is unit-tested with plain records.
 */
public final class ReconcilePlanner {
  private final UlimitPolicy ulimits;

  public ReconcilePlanner(UlimitPolicy ulimits) {
    this.ulimits = ulimits;
  }

  /** Decides what to do about the node's containers. */
  public Plan plan(Observation o) {
    List<Action> actions = new ArrayList<>();
    Map<String, TaskMemory> memory = new HashMap<>();
    Map<String, TaskStatus> statuses = new HashMap<>();
    List<String> notes = new ArrayList<>();
    Map<String, List<ContainerInfo>> byTask = new HashMap<>();
    java.util.Set<String> removing = new java.util.HashSet<>();

    for (ContainerInfo c : o.containers()) {
      String taskId = c.label(TaskLabels.TASK).orElse("");
      Task task = o.desired().get(taskId);
      if (task == null || task.getDesiredState() != TaskState.TASK_STATE_RUNNING) {
        if (!o.busyTasks().contains(taskId)) {
          actions.add(remove(taskId, c, task, task == null ? "no longer assigned" : "shut down"));
        }
      } else if (!c.label(TaskLabels.SPEC_HASH).orElse("").equals(task.getSpecHash())) {
        removing.add(taskId);
        if (!o.busyTasks().contains(taskId)) {
          actions.add(remove(taskId, c, task, "spec changed"));
        }
      } else {
        byTask.computeIfAbsent(taskId, k -> new ArrayList<>()).add(c);
      }
    }

    for (Task task : o.desired().values()) {
      String id = task.getId();
      if (o.busyTasks().contains(id)) {
        if (o.memory().containsKey(id)) {
          memory.put(id, o.memory().get(id));
        }
        continue;
      }
      if (task.getDesiredState() != TaskState.TASK_STATE_RUNNING) {
        boolean gone = !o.containers().stream().anyMatch(c -> isFor(c, id));
        if (gone) {
          statuses.put(id, status(o, TaskState.TASK_STATE_SHUTDOWN, "stopped and removed").build());
        }
        continue;
      }
      TaskMemory mem =
          o.memory()
              .getOrDefault(
                  id,
                  TaskMemory.initial(
                      task.getStatus().getRestartCount(),
                      RestartRule.firstBackoff(task.getSpec().getRestart())));
      List<ContainerInfo> mine = new ArrayList<>(byTask.getOrDefault(id, List.of()));
      // Never two containers for one task: keep the running (else newest) one.
      mine.sort(
          Comparator.comparing((ContainerInfo c) -> c.state() != ContainerState.RUNNING)
              .thenComparing(c -> c.startedAt().orElse(Instant.EPOCH), Comparator.reverseOrder()));
      for (ContainerInfo extra : mine.subList(Math.min(1, mine.size()), mine.size())) {
        actions.add(remove(id, extra, task, "duplicate container"));
      }
      Optional<ContainerInfo> container = mine.stream().findFirst();
      memory.put(id, mem);
      decideTask(o, task, mem, container, removing, actions, memory, statuses, notes);
    }
    return new Plan(actions, memory, statuses, notes);
  }

  private void decideTask(
      Observation o,
      Task task,
      TaskMemory mem,
      Optional<ContainerInfo> container,
      java.util.Set<String> removing,
      List<Action> actions,
      Map<String, TaskMemory> memory,
      Map<String, TaskStatus> statuses,
      List<String> notes) {
    String id = task.getId();
    if (container.isEmpty()) {
      if (mem.startError().isPresent()) {
        statuses.put(
            id,
            status(o, TaskState.TASK_STATE_FAILED, "could not start the container")
                .setError(mem.startError().get())
                .setRestartCount(mem.restartCount())
                .build());
        return;
      }
      if (removing.contains(id)) {
        statuses.put(id, starting(o, mem, "replacing the container").build());
        return;
      }
      Optional<String> waiting = waitingFor(o, task, notes);
      if (waiting.isPresent()) {
        statuses.put(id, starting(o, mem, "waiting for " + waiting.get()).build());
        return;
      }
      actions.add(new Action.Create(task));
      statuses.put(id, starting(o, mem, "creating the container").build());
      return;
    }
    ContainerInfo c = container.get();
    if (c.state() == ContainerState.CREATED) {
      actions.add(new Action.Restart(id, c.id()));
      memory.put(id, mem.restarted());
      statuses.put(id, starting(o, mem, "starting the container").setContainerId(c.id()).build());
      return;
    }
    if (!c.state().hasExited()) {
      TaskMemory now = mem.restarted();
      Instant started = c.startedAt().orElse(o.now());
      if (!Duration.between(started, o.now()).minus(RestartRule.STABLE_RUN).isNegative()) {
        now = now.withBackoff(RestartRule.firstBackoff(task.getSpec().getRestart()));
      }
      memory.put(id, now);
      TaskStatus.Builder s =
          status(o, TaskState.TASK_STATE_RUNNING, withNotes(task, "running"))
              .setContainerId(c.id())
              .setRestartCount(now.restartCount())
              .addAllAddresses(c.addresses())
              .setHealth(health(o, task, c));
      c.startedAt().ifPresent(t -> s.setStartedAt(timestamp(t)));
      statuses.put(id, s.build());
      return;
    }
    exited(o, task, mem, c, actions, memory, statuses);
  }

  private void exited(
      Observation o,
      Task task,
      TaskMemory mem,
      ContainerInfo c,
      List<Action> actions,
      Map<String, TaskMemory> memory,
      Map<String, TaskStatus> statuses) {
    String id = task.getId();
    String key = Observation.exitKey(c);
    List<String> lines = o.exitLogs().getOrDefault(key, mem.lastLogLines());
    boolean alreadyHandled = mem.handledExit().filter(key::equals).isPresent();
    int restartsSoFar = alreadyHandled ? mem.restartCount() - 1 : mem.restartCount();
    if (RestartRule.shouldRestart(task.getSpec().getRestart(), c.exitCode(), restartsSoFar)) {
      TaskMemory m = mem;
      if (!alreadyHandled) {
        Duration ran =
            Duration.between(
                c.startedAt().orElse(o.now()),
                c.finishedAt().orElse(c.startedAt().orElse(o.now())));
        Duration wait =
            ran.compareTo(RestartRule.STABLE_RUN) >= 0
                ? RestartRule.firstBackoff(task.getSpec().getRestart())
                : mem.nextBackoff();
        m = mem.exitHandled(key, o.now().plus(wait), wait, RestartRule.next(wait), lines);
      }
      if (!o.now().isBefore(m.restartAt().orElse(o.now()))) {
        actions.add(new Action.Restart(id, c.id()));
        m = m.restarted();
      }
      memory.put(id, m);
      statuses.put(
          id,
          exitStatus(o, TaskState.TASK_STATE_STARTING, c, lines, "exited with code " + c.exitCode())
              .setRestartCount(m.restartCount())
              .setBackoff(duration(m.currentBackoff()))
              .build());
      return;
    }
    boolean ok = c.exitCode() == 0;
    statuses.put(
        id,
        exitStatus(
                o,
                ok ? TaskState.TASK_STATE_COMPLETE : TaskState.TASK_STATE_FAILED,
                c,
                lines,
                (ok ? "completed" : "exited with code " + c.exitCode()))
            .setRestartCount(mem.restartCount())
            .build());
  }

  private static TaskStatus.Builder exitStatus(
      Observation o, TaskState state, ContainerInfo c, List<String> lines, String message) {
    TaskStatus.Builder s =
        status(o, state, message + (c.oomKilled() ? " (killed: out of memory)" : ""))
            .setContainerId(c.id())
            .setExitCode(c.exitCode())
            .setHasExitCode(true)
            .setOomKilled(c.oomKilled())
            .addAllLastLogLines(lines);
    if (!c.error().isEmpty()) {
      s.setError(c.error());
    }
    c.startedAt().ifPresent(t -> s.setStartedAt(timestamp(t)));
    return s;
  }

  private static Health health(Observation o, Task task, ContainerInfo c) {
    if (!hasHealthCheck(task)) {
      return Health.HEALTH_UNSPECIFIED;
    }
    return o.health().getOrDefault(c.id(), Health.HEALTH_STARTING);
  }

  /** Whether the task's spec defines a health check the agent runs. */
  public static boolean hasHealthCheck(Task task) {
    List<String> test = task.getSpec().getHealthCheck().getTestList();
    return !test.isEmpty() && !test.get(0).equals("NONE");
  }

  /**
   * The first unmet dependency, e.g. {@code "db to be healthy (on node-a)"}. A condition holds as
   * soon as any one replica of the dependency meets it, whether that replica runs here (judged from
   * its container) or on another node (judged from the engine's picture). A required dependency
   * with no placed replica anywhere is waited for; an optional one ({@code required: false}) is
   * not.
   */
  private static Optional<String> waitingFor(Observation o, Task task, List<String> notes) {
    for (Dependency dep : task.getSpec().getDependsOnList()) {
      List<Task> candidates =
          o.desired().values().stream()
              .filter(t -> t.getDeployment().equals(task.getDeployment()))
              .filter(t -> t.getService().equals(dep.getService()))
              .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
              .toList();
      List<NetworkEndpoint> remote =
          o.remoteEndpoints().stream()
              .filter(e -> e.getDeployment().equals(task.getDeployment()))
              .filter(e -> e.getService().equals(dep.getService()))
              .toList();
      String wanted = dep.getService() + " to " + describe(dep.getCondition());
      if (candidates.isEmpty() && remote.isEmpty()) {
        if (!dep.getRequired()) {
          notes.add(
              task.getService()
                  + " depends on "
                  + dep.getService()
                  + ", which has no replica placed; not waiting for it (required: false)");
          continue;
        }
        return Optional.of(wanted + " (no replica placed yet)");
      }
      boolean met =
          candidates.stream()
                  .flatMap(t -> o.containers().stream().filter(c -> isFor(c, t.getId())))
                  .anyMatch(c -> satisfies(o, dep.getCondition(), c, task, candidates))
              || remote.stream().anyMatch(e -> satisfies(dep.getCondition(), e));
      if (!met) {
        return Optional.of(wanted + where(!candidates.isEmpty(), remote));
      }
    }
    return Optional.empty();
  }

  /** Where the awaited replicas are, when some are on other nodes: {@code " (on node-a)"}. */
  private static String where(boolean local, List<NetworkEndpoint> remote) {
    List<String> nodes = new ArrayList<>();
    if (local) {
      nodes.add("this node");
    }
    remote.stream().map(NetworkEndpoint::getNode).distinct().sorted().forEach(nodes::add);
    return remote.isEmpty() ? "" : " (on " + String.join(", ", nodes) + ")";
  }

  /** The same rules as for a local container, from the engine's view of a remote replica. */
  private static boolean satisfies(Dependency.Condition condition, NetworkEndpoint e) {
    return switch (condition) {
      case CONDITION_HEALTHY -> e.getHealthy();
      case CONDITION_COMPLETED_SUCCESSFULLY -> e.getCompletedSuccessfully();
      default -> e.getRunning() || e.getCompletedSuccessfully();
    };
  }

  private static boolean satisfies(
      Observation o, Dependency.Condition condition, ContainerInfo c, Task task, List<Task> deps) {
    boolean running = c.state() == ContainerState.RUNNING;
    boolean completed = c.state().hasExited() && c.exitCode() == 0;
    return switch (condition) {
      case CONDITION_HEALTHY -> {
        Task dep = deps.stream().filter(t -> isFor(c, t.getId())).findFirst().orElse(task);
        yield running && (!hasHealthCheck(dep) || o.health().get(c.id()) == Health.HEALTH_HEALTHY);
      }
      case CONDITION_COMPLETED_SUCCESSFULLY -> completed;
      default -> running || completed;
    };
  }

  private static String describe(Dependency.Condition condition) {
    return switch (condition) {
      case CONDITION_HEALTHY -> "be healthy";
      case CONDITION_COMPLETED_SUCCESSFULLY -> "complete successfully";
      default -> "start";
    };
  }

  private static boolean isFor(ContainerInfo c, String taskId) {
    return c.label(TaskLabels.TASK).filter(taskId::equals).isPresent();
  }

  private String withNotes(Task task, String message) {
    List<ContainerConfig.Ulimit> requested =
        task.getSpec().getUlimitsList().stream()
            .map(u -> new ContainerConfig.Ulimit(u.getName(), u.getSoft(), u.getHard()))
            .toList();
    List<String> warnings = ulimits.apply(requested).warnings();
    return warnings.isEmpty() ? message : message + "; " + String.join("; ", warnings);
  }

  private static Action remove(String taskId, ContainerInfo c, Task task, String reason) {
    Optional<String> signal = Optional.empty();
    Duration grace = Duration.ofSeconds(10);
    if (task != null) {
      String s = task.getSpec().getStopSignal();
      signal = s.isEmpty() ? Optional.empty() : Optional.of(s);
      if (task.getSpec().hasStopGracePeriod()) {
        grace = Duration.ofSeconds(task.getSpec().getStopGracePeriod().getSeconds());
      }
    } else if (c.state().hasExited() || c.state() == ContainerState.CREATED) {
      grace = Duration.ZERO;
    }
    List<String> volumes =
        task != null && task.getRemoveVolumes() ? ownVolumes(task) : List.<String>of();
    return new Action.Remove(taskId, c.id(), signal, grace, reason, volumes);
  }

  /**
   * The named volumes {@code down --volumes} removes with a task: the deployment's own ({@code
   * <deployment>_<name>}), never an external volume or one given an explicit name, which the
   * deployment may share with others.
   */
  static List<String> ownVolumes(Task task) {
    String prefix = task.getDeployment() + "_";
    return ContainerSpecTranslator.namedVolumes(task).stream()
        .filter(v -> v.startsWith(prefix))
        .distinct()
        .toList();
  }

  private static TaskStatus.Builder starting(Observation o, TaskMemory mem, String message) {
    return status(o, TaskState.TASK_STATE_STARTING, message)
        .setRestartCount(mem.restartCount())
        .setBackoff(duration(mem.currentBackoff()));
  }

  private static TaskStatus.Builder status(Observation o, TaskState state, String message) {
    return TaskStatus.newBuilder()
        .setState(state)
        .setMessage(message)
        .setTimestamp(timestamp(o.now()));
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }
}
