package dev.banyan.engine.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * How many tasks each node runs, overall and per service; updated as a plan is built so that the
 * tasks of one pass spread too.
 */
public final class NodeLoad {
  private final Map<String, Integer> total = new HashMap<>();
  private final Map<String, Integer> perService = new HashMap<>();

  /** The load of the tasks in {@code snapshot}. */
  public static NodeLoad of(ClusterSnapshot snapshot) {
    NodeLoad load = new NodeLoad();
    snapshot.placed().forEach(t -> load.add(t.node(), t.serviceKey()));
    return load;
  }

  void add(String node, String serviceKey) {
    total.merge(node, 1, Integer::sum);
    perService.merge(node + "\u0000" + serviceKey, 1, Integer::sum);
  }

  public int total(String node) {
    return total.getOrDefault(node, 0);
  }

  public int ofService(String node, String serviceKey) {
    return perService.getOrDefault(node + "\u0000" + serviceKey, 0);
  }
}
