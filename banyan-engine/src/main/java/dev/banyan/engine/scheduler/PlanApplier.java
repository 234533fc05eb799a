package dev.banyan.engine.scheduler;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a {@link Plan}. Placements are re-checked against the store as it is at commit time (the
 * node still ready and active, the task still unplaced, its request and host ports still fitting
 * next to everything assigned meanwhile) and written with compare-and-set on the revisions of that
 * re-check, in batches. A placement that no longer fits is left for the next pass.
 */
public final class PlanApplier {
  private static final Logger log = LoggerFactory.getLogger(PlanApplier.class);
  private static final int PLACEMENTS_PER_BATCH = 60;
  private static final int BATCHES_IN_FLIGHT = 4;
  private static final ExecutorService COMMITTERS =
      Executors.newFixedThreadPool(
          BATCHES_IN_FLIGHT,
          r -> {
            Thread t = new Thread(r, "plan-commit");
            t.setDaemon(true);
            return t;
          });
  private static final List<NodeFilter> RECHECKS =
      List.of(
          new ReadyFilter(), new AvailabilityFilter(), new HostPortFilter(), new ResourceFilter());

  private final ClusterStore store;
  private final TaskViews views;

  public PlanApplier(ClusterStore store, TaskViews views) {
    this.store = store;
    this.views = views;
  }

  /**
   * Writes the plan; returns the number of tasks changed.
   *
   * @throws dev.banyan.engine.store.ConflictException when a record changed between the re-check
   *     and the commit (earlier batches stay committed; the caller plans again)
   */
  public int apply(Plan plan) {
    ClusterState latest = store.snapshot();
    NodeLoad load = NodeLoad.of(views.snapshotOf(latest));
    List<Placement> placements = new ArrayList<>();
    for (Plan.Assignment a : plan.assignments()) {
      recheck(a, latest, load).ifPresent(placements::add);
    }
    List<List<StoreOp>> batches = new ArrayList<>();
    for (int from = 0; from < placements.size(); from += PLACEMENTS_PER_BATCH) {
      List<Placement> batch =
          placements.subList(from, Math.min(placements.size(), from + PLACEMENTS_PER_BATCH));
      Map<String, StoreOp> checks = new LinkedHashMap<>();
      List<StoreOp> ops = new ArrayList<>();
      for (Placement p : batch) {
        Task placed =
            p.task().value().toBuilder()
                .setNode(p.node().value().getName())
                .setSchedulerState(TaskState.TASK_STATE_ASSIGNED)
                .clearPendingReason()
                .build();
        ops.add(StoreOp.put(StoreKey.task(placed.getId()), placed, p.task().modRevision()));
        checks.computeIfAbsent(
            placed.getNode(), n -> new StoreOp.Check(StoreKey.node(n), p.node().modRevision()));
      }
      ops.addAll(checks.values());
      batches.add(ops);
    }
    commitConcurrently(batches);
    int written = placements.size();
    List<StoreOp> pendingOps = new ArrayList<>();
    for (Plan.Pending p : plan.pending()) {
      Versioned<Task> task = latest.tasks().get(p.taskId());
      if (task == null || !TaskViews.unplaced(task.value())) {
        continue;
      }
      Task t = task.value();
      if (t.getSchedulerState() != TaskState.TASK_STATE_PENDING
          || !t.getPendingReason().equals(p.reason())) {
        Task pending =
            t.toBuilder()
                .setSchedulerState(TaskState.TASK_STATE_PENDING)
                .setPendingReason(p.reason())
                .build();
        pendingOps.add(StoreOp.put(StoreKey.task(p.taskId()), pending, task.modRevision()));
      }
    }
    store.commit(pendingOps);
    return written + pendingOps.size();
  }

  /**
   * Commits the batches, up to {@link #BATCHES_IN_FLIGHT} at a time: they touch different tasks and
   * only compare node revisions, and etcd groups concurrent transactions into one disk sync where
   * sequential ones wait for a sync each.
   *
   * @throws ConflictException after every batch has finished, if any of them conflicted
   */
  private void commitConcurrently(List<List<StoreOp>> batches) {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (List<StoreOp> ops : batches) {
      futures.add(CompletableFuture.runAsync(() -> store.commit(ops), COMMITTERS));
    }
    RuntimeException failure = null;
    int failed = 0;
    for (CompletableFuture<Void> future : futures) {
      try {
        future.join();
      } catch (CompletionException e) {
        failed++;
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
        if (failure == null || cause instanceof ConflictException) {
          failure = cause;
        }
      }
    }
    if (failure != null) {
      log.debug("{} of {} placement batches failed", failed, batches.size());
      throw failure;
    }
  }

  private record Placement(Versioned<Task> task, Versioned<Node> node) {}

  /** The placement if it still holds in {@code latest}; counts it in {@code load} if so. */
  private Optional<Placement> recheck(Plan.Assignment a, ClusterState latest, NodeLoad load) {
    Versioned<Task> task = latest.tasks().get(a.taskId());
    Versioned<Node> node = latest.nodes().get(a.node());
    if (task == null || node == null || !TaskViews.unplaced(task.value())) {
      return Optional.empty();
    }
    TaskRequest request = views.request(task.value());
    NodeInfo info = TaskViews.info(node.value());
    for (NodeFilter filter : RECHECKS) {
      Optional<Rejection> rejection = filter.check(request, info, load);
      if (rejection.isPresent()) {
        log.debug(
            "placement of {} on {} no longer holds ({}); retrying next pass",
            a.taskId(),
            a.node(),
            rejection.get().singular());
        return Optional.empty();
      }
    }
    load.add(a.node(), request);
    return Optional.of(new Placement(task, node));
  }
}
