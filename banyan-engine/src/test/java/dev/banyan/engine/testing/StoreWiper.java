package dev.banyan.engine.testing;

import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import java.util.ArrayList;
import java.util.List;

/** Deletes every deployment, task, node and session so each test starts from an empty cluster. */
public final class StoreWiper {
  private StoreWiper() {}

  public static void wipe(ClusterStore store) {
    var state = store.snapshot();
    List<StoreOp> ops = new ArrayList<>();
    state
        .deployments()
        .keySet()
        .forEach(n -> ops.add(StoreOp.delete(StoreKey.deployment(n), StoreOp.ANY)));
    state.tasks().keySet().forEach(n -> ops.add(StoreOp.delete(StoreKey.task(n), StoreOp.ANY)));
    state.nodes().keySet().forEach(n -> ops.add(StoreOp.delete(StoreKey.node(n), StoreOp.ANY)));
    state.sessions().values().forEach(s -> store.revokeLease(s.value().getLeaseId()));
    store.commit(ops);
  }
}
