package dev.banyan.engine.controlapi;

import dev.banyan.common.deploy.CompiledDeployment;
import dev.banyan.engine.orchestrator.DeploymentRecords;
import dev.banyan.engine.scheduler.ResourceDefaults;
import dev.banyan.engine.scheduler.Scheduler;
import dev.banyan.engine.scheduler.TaskViews;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.ServiceChange;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stores deployment revisions and removes deployments; the orchestrator does the rest. */
public final class DeploymentService {
  private static final int MAX_ATTEMPTS = 5;
  private static final Duration REMOVE_BASE_DEADLINE = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private final ClusterStore store;
  private final Clock clock;
  private final DeployPlanner planner;

  /** A service whose tasks request the standard defaults when their services declare nothing. */
  public DeploymentService(ClusterStore store, Clock clock) {
    this(store, clock, ResourceDefaults.STANDARD);
  }

  public DeploymentService(ClusterStore store, Clock clock, ResourceDefaults defaults) {
    this.store = store;
    this.clock = clock;
    this.planner = new DeployPlanner(new TaskViews(defaults), Scheduler.standard(), clock);
  }

  /**
   * Stores {@code compiled} as the next revision unless it changes nothing; with {@code dryRun}
   * only reports what would change and where its tasks would run. A deployment whose requests can
   * never fit in the cluster is rejected before anything is written.
   */
  public DeployResponse deploy(CompiledDeployment compiled, String sourceName, boolean dryRun) {
    String name = compiled.spec().name();
    for (int attempt = 1; ; attempt++) {
      ClusterState state = store.snapshot();
      Optional<Versioned<StoredDeployment>> current =
          Optional.ofNullable(state.deployments().get(name));
      if (current.isPresent() && current.get().value().getRemoving()) {
        throw new ApiException(
            Status.Code.FAILED_PRECONDITION,
            "deployment '"
                + name
                + "' is being removed; wait for the removal to finish and deploy"
                + " again");
      }
      long revision = current.map(c -> c.value().getRevision() + 1).orElse(1L);
      StoredDeployment next =
          DeploymentRecords.toStored(compiled.spec(), revision, sourceName, clock.instant());
      List<ServiceChange> changes = DeploymentRecords.changes(current.map(Versioned::value), next);
      DeployResponse.Builder response =
          DeployResponse.newBuilder()
              .setName(name)
              .addAllChanges(changes)
              .addAllWarnings(compiled.warnings());
      if (current.isPresent() && DeploymentRecords.sameServices(current.get().value(), next)) {
        if (dryRun) {
          response.addAllPlacements(planner.placements(state, current.get().value()));
        }
        return response.setRevision(current.get().value().getRevision()).build();
      }
      Optional<String> rejection = planner.rejection(state, next);
      if (rejection.isPresent()) {
        throw new ApiException(Status.Code.FAILED_PRECONDITION, rejection.get());
      }
      if (dryRun) {
        return response
            .setRevision(revision)
            .addAllPlacements(planner.placements(state, next))
            .build();
      }
      try {
        store.commit(
            List.of(
                StoreOp.put(
                    StoreKey.deployment(name),
                    next,
                    current.map(Versioned::modRevision).orElse(StoreOp.ABSENT)),
                StoreOp.put(StoreKey.history(name, revision), next, StoreOp.ANY)));
        return response.setRevision(revision).build();
      } catch (ConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApiException(
              Status.Code.ABORTED,
              "deployment '" + name + "' was changed concurrently; run the deploy again");
        }
      }
    }
  }

  /**
   * Shuts every task of the deployment down, waits until agents report them stopped (or their nodes
   * are gone), then deletes the deployment and its history. Returns the removed task ids.
   */
  public List<String> remove(String name, boolean removeVolumes) {
    Versioned<StoredDeployment> deployment =
        store.deployment(name).orElseThrow(() -> ApiException.deploymentNotFound(name));
    markRemoving(name, removeVolumes);
    Set<String> removed = new LinkedHashSet<>();
    Duration longestGrace = Duration.ZERO;
    for (var s : deployment.value().getServicesList()) {
      Duration grace =
          Duration.ofSeconds(
              s.getContainer().getStopGracePeriod().getSeconds(),
              s.getContainer().getStopGracePeriod().getNanos());
      longestGrace = grace.compareTo(longestGrace) > 0 ? grace : longestGrace;
    }
    Instant deadline = clock.instant().plus(REMOVE_BASE_DEADLINE).plus(longestGrace);
    while (true) {
      List<Versioned<Task>> tasks = store.snapshot().tasksOf(name);
      tasks.forEach(t -> removed.add(t.value().getId()));
      if (tasks.isEmpty()) {
        break;
      }
      shutDown(tasks, removeVolumes);
      if (clock.instant().isAfter(deadline)) {
        throw new ApiException(
            Status.Code.DEADLINE_EXCEEDED,
            tasks.size()
                + " tasks of '"
                + name
                + "' did not stop in time; check their nodes with 'banyan-cli nodes' and run the"
                + " removal again");
      }
      sleep(POLL);
    }
    deleteDeployment(name);
    return new ArrayList<>(removed);
  }

  private void markRemoving(String name, boolean removeVolumes) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Versioned<StoredDeployment> d =
          store.deployment(name).orElseThrow(() -> ApiException.deploymentNotFound(name));
      if (d.value().getRemoving()) {
        return;
      }
      StoredDeployment removing =
          d.value().toBuilder().setRemoving(true).setRemoveVolumes(removeVolumes).build();
      try {
        store.commit(List.of(StoreOp.put(StoreKey.deployment(name), removing, d.modRevision())));
        return;
      } catch (ConflictException e) {
        // A deploy landed meanwhile; re-read.
      }
    }
  }

  /** Tells the agents to stop the tasks (and, with {@code removeVolumes}, remove their volumes). */
  private void shutDown(List<Versioned<Task>> tasks, boolean removeVolumes) {
    List<StoreOp> ops = new ArrayList<>();
    for (Versioned<Task> t : tasks) {
      boolean running = t.value().getDesiredState() != TaskState.TASK_STATE_SHUTDOWN;
      if (running || (removeVolumes && !t.value().getRemoveVolumes())) {
        Task down =
            t.value().toBuilder()
                .setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
                .setRemoveVolumes(removeVolumes || t.value().getRemoveVolumes())
                .build();
        ops.add(StoreOp.put(StoreKey.task(down.getId()), down, t.modRevision()));
      }
    }
    try {
      store.commit(ops);
    } catch (ConflictException e) {
      // Re-read on the next poll.
    }
  }

  private void deleteDeployment(String name) {
    List<StoreOp> ops = new ArrayList<>();
    ops.add(StoreOp.delete(StoreKey.deployment(name), StoreOp.ANY));
    for (StoredDeployment revision : store.history(name)) {
      ops.add(StoreOp.delete(StoreKey.history(name, revision.getRevision()), StoreOp.ANY));
    }
    store.commit(ops);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(Status.Code.CANCELLED, "the removal was cancelled");
    }
  }
}
