package dev.banyan.cli.support;

import dev.banyan.common.cli.ExitCodes;
import dev.banyan.proto.v1.DeploymentStatus;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a deployment after {@code deploy} until every task the deployment wants is RUNNING, and
 * healthy when its service has a health check (success), one has FAILED, keeps crashing or is
 * unhealthy (failure, with the reason), or time runs out. The engine pushes each change ({@code
 * WatchStatus}); an engine without that call is polled.
 */
public final class RolloutWatcher {
  /** A task restarted this often without running is reported as crash-looping. */
  static final int CRASH_LOOP_RESTARTS = 2;

  // Without WatchStatus: polls quickly until nothing has changed for a while (a small deploy is
  // done in about two seconds, containers starting in between), then backs off (a large
  // deployment's status is a large answer, and a rollout that waits on image pulls or health checks
  // is slow anyway).
  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration QUICK_WHILE_QUIET = Duration.ofSeconds(5);
  private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

  private final EngineConnection connection;
  private final PrintWriter out;
  private final Duration timeout;
  private final Map<String, String> lastSeen = new HashMap<>();
  private Duration poll = FIRST_POLL;
  private Instant lastChange = Instant.now();
  private Iterator<GetStatusResponse> updates;
  private boolean polling;
  private DeploymentStatus latest = DeploymentStatus.getDefaultInstance();

  public RolloutWatcher(EngineConnection connection, PrintWriter out, Duration timeout) {
    this.connection = connection;
    this.out = out;
    this.timeout = timeout;
  }

  /** Follows the deployment until the rollout has a result; returns the command's exit code. */
  public int await(String deployment) {
    Instant deadline = Instant.now().plus(timeout);
    boolean first = true;
    while (true) {
      Optional<DeploymentStatus> next = next(deployment, deadline, first);
      first = false;
      DeploymentStatus status = next.orElse(latest);
      latest = status;
      List<Task> wanted = wantedTasks(status);
      if (report(wanted)) {
        lastChange = Instant.now();
      }
      List<String> failures = failures(wanted);
      if (!failures.isEmpty()) {
        out.println("Deployment " + deployment + " failed:");
        failures.forEach(f -> out.println("  " + f));
        out.println(
            "See 'banyan-cli ps --no-trunc "
                + deployment
                + "' and 'banyan-cli logs "
                + deployment
                + "'.");
        out.flush();
        return ExitCodes.USAGE_OR_FAILURE;
      }
      if (complete(status, wanted)) {
        out.println("Deployment " + deployment + " is running (" + wanted.size() + " tasks).");
        out.flush();
        return ExitCodes.OK;
      }
      if (next.isEmpty() || Instant.now().isAfter(deadline)) {
        out.println(
            "Timed out after "
                + timeout.toSeconds()
                + " s waiting for "
                + deployment
                + "; still waiting for:");
        for (Task t : wanted) {
          if (!ready(t)) {
            out.println("  " + label(t) + " " + progress(t) + reason(t));
          }
        }
        out.flush();
        return ExitCodes.USAGE_OR_FAILURE;
      }
    }
  }

  /**
   * The deployment's next status: pushed by the engine when it changes, or polled from an engine
   * without {@code WatchStatus}. Empty once {@code deadline} has passed.
   */
  private Optional<DeploymentStatus> next(String deployment, Instant deadline, boolean first) {
    if (polling) {
      if (!first) {
        poll =
            Instant.now().isBefore(lastChange.plus(QUICK_WHILE_QUIET))
                ? FIRST_POLL
                : min(LONGEST_POLL, poll.multipliedBy(3).dividedBy(2));
        sleep();
      }
      return Optional.of(fetch(deployment));
    }
    try {
      if (updates == null) {
        updates =
            connection.watchStatus(
                GetStatusRequest.newBuilder().setDeployment(deployment).build(), deadline);
      }
      if (updates.hasNext()) {
        return Optional.of(firstDeployment(updates.next()));
      }
      updates = null; // the engine ended the stream (it is shutting down): follow another one
      return Optional.of(fetch(deployment));
    } catch (StatusRuntimeException e) {
      updates = null;
      switch (e.getStatus().getCode()) {
        case DEADLINE_EXCEEDED:
          return Optional.empty();
        case UNIMPLEMENTED:
          polling = true;
          return Optional.of(fetch(deployment));
        case UNAVAILABLE:
          // That engine went away; a unary call finds one that answers, the next watch uses it.
          return Optional.of(fetch(deployment));
        default:
          throw connection.translate(e);
      }
    }
  }

  private DeploymentStatus fetch(String deployment) {
    return firstDeployment(
        connection.call(
            s -> s.getStatus(GetStatusRequest.newBuilder().setDeployment(deployment).build())));
  }

  private static DeploymentStatus firstDeployment(GetStatusResponse response) {
    return response.getDeploymentsCount() == 0
        ? DeploymentStatus.getDefaultInstance()
        : response.getDeployments(0);
  }

  private static List<Task> wantedTasks(DeploymentStatus status) {
    List<Task> wanted = new ArrayList<>();
    for (ServiceStatus service : status.getServicesList()) {
      for (Task task : service.getTasksList()) {
        if (task.getDesiredState() == TaskState.TASK_STATE_RUNNING) {
          wanted.add(task);
        }
      }
    }
    return wanted;
  }

  private static boolean complete(DeploymentStatus status, List<Task> wanted) {
    if (status.getServicesCount() == 0) {
      return false;
    }
    for (ServiceStatus service : status.getServicesList()) {
      long running =
          service.getTasksList().stream()
              .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
              .filter(RolloutWatcher::ready)
              .count();
      if (running < service.getDesired()) {
        return false;
      }
    }
    return wanted.stream().allMatch(RolloutWatcher::ready);
  }

  /** Running, and past its health check's start when it has one. */
  static boolean ready(Task t) {
    Health health = t.getStatus().getHealth();
    return Tasks.isRunning(t)
        && health != Health.HEALTH_STARTING
        && health != Health.HEALTH_UNHEALTHY;
  }

  private static List<String> failures(List<Task> wanted) {
    List<String> failures = new ArrayList<>();
    for (Task t : wanted) {
      TaskState state = Tasks.effectiveState(t);
      boolean crashLoop =
          state != TaskState.TASK_STATE_RUNNING
              && t.getStatus().getRestartCount() >= CRASH_LOOP_RESTARTS;
      boolean unhealthy =
          state == TaskState.TASK_STATE_RUNNING
              && t.getStatus().getHealth() == Health.HEALTH_UNHEALTHY;
      if (state == TaskState.TASK_STATE_FAILED || crashLoop) {
        failures.add(
            label(t)
                + (crashLoop
                    ? " keeps crashing (" + t.getStatus().getRestartCount() + " restarts)"
                    : " FAILED")
                + reason(t));
      } else if (unhealthy) {
        failures.add(label(t) + " is unhealthy: its health check keeps failing");
      }
    }
    return failures;
  }

  /** Prints the tasks whose state changed since the last poll; true if any did. */
  private boolean report(List<Task> wanted) {
    boolean changed = false;
    for (Task t : wanted) {
      String now = progress(t) + (t.getNode().isEmpty() ? "" : " on " + t.getNode());
      if (!now.equals(lastSeen.put(t.getId(), now))) {
        out.println("  " + label(t) + " " + now);
        changed = true;
      }
    }
    out.flush();
    return changed;
  }

  /** {@code STARTING}, or {@code RUNNING (health: starting)} for a task with a health check. */
  private static String progress(Task t) {
    String state = Tasks.stateName(Tasks.effectiveState(t));
    Health health = t.getStatus().getHealth();
    return health == Health.HEALTH_UNSPECIFIED
        ? state
        : state + " (health: " + Tasks.healthName(health) + ")";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String label(Task t) {
    return t.getService() + "." + t.getReplica();
  }

  private static String reason(Task t) {
    var s = t.getStatus();
    if (!s.getError().isEmpty()) {
      return ": " + firstLine(s.getError());
    }
    if (s.getHasExitCode() && s.getExitCode() != 0) {
      return ": exited with code " + s.getExitCode();
    }
    if (!t.getPendingReason().isEmpty()) {
      return ": " + t.getPendingReason();
    }
    return s.getMessage().isEmpty() ? "" : ": " + s.getMessage();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private void sleep() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the rollout", e);
    }
  }
}
