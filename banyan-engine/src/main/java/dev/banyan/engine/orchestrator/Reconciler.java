package dev.banyan.engine.orchestrator;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.engine.store.proto.StoredService;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The orchestrator's decision, as a pure function of a snapshot: which tasks to create and which to
 * shut down so that every service has exactly its replicas running its current spec.
 */
public final class Reconciler {
  private final Clock clock;
  private final Supplier<String> ids;

  public Reconciler(Clock clock, Supplier<String> ids) {
    this.clock = clock;
    this.ids = ids;
  }

  /** The writes that move {@code state} towards its deployments; empty when it is converged. */
  public List<StoreOp> reconcile(ClusterState state) {
    Map<String, List<Versioned<Task>>> liveByService = new HashMap<>();
    for (Versioned<Task> t : state.tasks().values()) {
      if (t.value().getDesiredState() == TaskState.TASK_STATE_RUNNING) {
        liveByService
            .computeIfAbsent(
                key(t.value().getDeployment(), t.value().getService()), k -> new ArrayList<>())
            .add(t);
      }
    }
    List<StoreOp> ops = new ArrayList<>();
    for (Versioned<StoredDeployment> d : state.deployments().values()) {
      if (d.value().getRemoving()) {
        continue; // its tasks are shut down below, as if it did not exist
      }
      for (StoredService s : d.value().getServicesList()) {
        List<Versioned<Task>> live = liveByService.remove(key(d.value().getName(), s.getName()));
        reconcileService(d.value(), s, live == null ? List.of() : live, state, ops);
      }
    }
    // Whatever is left belongs to removed services or deployments.
    liveByService
        .values()
        .forEach(tasks -> tasks.forEach(t -> ops.add(shutdown(t, volumesGo(t.value(), state)))));
    return ops;
  }

  private void reconcileService(
      StoredDeployment deployment,
      StoredService service,
      List<Versioned<Task>> live,
      ClusterState state,
      List<StoreOp> ops) {
    String hash = DeploymentRecords.hash(service);
    Map<Integer, List<Versioned<Task>>> bySlot = new HashMap<>();
    for (Versioned<Task> t : live) {
      bySlot.computeIfAbsent(t.value().getReplica(), r -> new ArrayList<>()).add(t);
    }
    for (int slot = 1; slot <= service.getReplicas(); slot++) {
      List<Versioned<Task>> candidates = new ArrayList<>(bySlot.getOrDefault(slot, List.of()));
      // Keep the oldest task that runs the current spec on a node that still takes work.
      candidates.sort(
          Comparator.<Versioned<Task>, Timestamp>comparing(
                  t -> t.value().getCreatedAt(), Timestamps.comparator())
              .thenComparing(t -> t.value().getId()));
      Versioned<Task> keep = null;
      for (Versioned<Task> t : candidates) {
        if (keep == null && t.value().getSpecHash().equals(hash) && !onDrainedNode(t, state)) {
          keep = t;
        } else {
          ops.add(shutdown(t));
        }
      }
      if (keep == null) {
        Task created = newTask(deployment, service, slot, hash);
        ops.add(StoreOp.put(StoreKey.task(created.getId()), created, StoreOp.ABSENT));
      }
    }
    bySlot.forEach(
        (slot, tasks) -> {
          if (slot > service.getReplicas() || slot < 1) {
            tasks.forEach(t -> ops.add(shutdown(t)));
          }
        });
  }

  private static boolean onDrainedNode(Versioned<Task> task, ClusterState state) {
    Versioned<Node> node = state.nodes().get(task.value().getNode());
    return node != null
        && node.value().getAvailability() == NodeAvailability.NODE_AVAILABILITY_DRAIN;
  }

  private Task newTask(StoredDeployment d, StoredService s, int slot, String hash) {
    Instant now = clock.instant();
    return Task.newBuilder()
        .setId(ids.get())
        .setDeployment(d.getName())
        .setService(s.getName())
        .setReplica(slot)
        .setDeploymentRevision(d.getRevision())
        .setSpecHash(hash)
        .setSpec(s.getContainer())
        .setPlacement(s.getPlacement())
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setSchedulerState(TaskState.TASK_STATE_NEW)
        .setCreatedAt(
            Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .build();
  }

  private static StoreOp shutdown(Versioned<Task> t) {
    return shutdown(t, false);
  }

  private static StoreOp shutdown(Versioned<Task> t, boolean removeVolumes) {
    Task task =
        t.value().toBuilder()
            .setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
            .setRemoveVolumes(removeVolumes)
            .build();
    return StoreOp.put(StoreKey.task(task.getId()), task, t.modRevision());
  }

  /** Whether {@code t} goes because its deployment is being removed with its volumes. */
  private static boolean volumesGo(Task t, ClusterState state) {
    Versioned<StoredDeployment> d = state.deployments().get(t.getDeployment());
    return d != null && d.value().getRemoving() && d.value().getRemoveVolumes();
  }

  private static String key(String deployment, String service) {
    return deployment + "/" + service;
  }
}
