package dev.banyan.engine.controlapi;

import dev.banyan.engine.orchestrator.Reconciler;
import dev.banyan.engine.scheduler.CapacityCheck;
import dev.banyan.engine.scheduler.Plan;
import dev.banyan.engine.scheduler.Scheduler;
import dev.banyan.engine.scheduler.TaskViews;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.engine.store.proto.StoredService;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskPlacement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a deployment revision would do to the cluster, computed by the real orchestrator and
 * scheduler on a copy of a snapshot (nothing is written): whether it fits at all, and where each of
 * its tasks would run. Dry runs and real deploys judge a deployment the same way.
 */
public final class DeployPlanner {
  private final TaskViews views;
  private final Scheduler scheduler;
  private final Clock clock;

  public DeployPlanner(TaskViews views, Scheduler scheduler, Clock clock) {
    this.views = views;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** Why {@code next} can never fit in the cluster of {@code state}, or empty. */
  public Optional<String> rejection(ClusterState state, StoredDeployment next) {
    List<CapacityCheck.Demand> demands = new ArrayList<>();
    for (StoredService s : next.getServicesList()) {
      demands.add(
          new CapacityCheck.Demand(
              s.getName(),
              s.getReplicas(),
              views.defaults().requestOf(s.getContainer().getResources())));
    }
    return CapacityCheck.check(next.getName(), demands, views.snapshotOf(state).nodes());
  }

  /** Where every wanted task of {@code next} is or would be placed once it is stored. */
  public List<TaskPlacement> placements(ClusterState state, StoredDeployment next) {
    Map<String, Versioned<StoredDeployment>> deployments = new HashMap<>(state.deployments());
    deployments.put(next.getName(), new Versioned<>(next, 0));
    ClusterState wanted =
        new ClusterState(
            state.revision(), deployments, state.tasks(), state.nodes(), state.sessions());
    AtomicInteger ids = new AtomicInteger();
    List<StoreOp> ops =
        new Reconciler(clock, () -> "planned-" + ids.incrementAndGet()).reconcile(wanted);
    Map<String, Versioned<Task>> tasks = new HashMap<>(state.tasks());
    for (StoreOp op : ops) {
      if (op instanceof StoreOp.Put put && put.value() instanceof Task t) {
        tasks.put(t.getId(), new Versioned<>(t, 0));
      }
    }
    ClusterState after =
        new ClusterState(state.revision(), deployments, tasks, state.nodes(), state.sessions());
    List<Task> all = tasks.values().stream().map(Versioned::value).toList();
    Plan plan =
        scheduler.schedule(
            views.snapshotOf(after),
            all.stream().filter(TaskViews::unplaced).map(views::request).toList());
    Map<String, TaskPlacement.Builder> byTask = new HashMap<>();
    for (Task t : all) {
      if (t.getDeployment().equals(next.getName())
          && t.getDesiredState() == dev.banyan.proto.v1.TaskState.TASK_STATE_RUNNING) {
        byTask.put(
            t.getId(),
            TaskPlacement.newBuilder()
                .setService(t.getService())
                .setReplica(t.getReplica())
                .setNode(t.getNode())
                .setExisting(!t.getNode().isEmpty())
                .setReason(t.getNode().isEmpty() ? "" : "already runs there, unchanged"));
      }
    }
    for (Plan.Assignment a : plan.assignments()) {
      Optional.ofNullable(byTask.get(a.taskId()))
          .ifPresent(b -> b.setNode(a.node()).setReason(a.reason()));
    }
    for (Plan.Pending p : plan.pending()) {
      Optional.ofNullable(byTask.get(p.taskId())).ifPresent(b -> b.setReason(p.reason()));
    }
    return byTask.values().stream()
        .map(TaskPlacement.Builder::build)
        .sorted(
            Comparator.comparing(TaskPlacement::getService)
                .thenComparingInt(TaskPlacement::getReplica))
        .toList();
  }
}
