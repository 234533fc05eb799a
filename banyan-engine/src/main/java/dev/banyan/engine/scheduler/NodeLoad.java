package dev.banyan.engine.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each node already carries: tasks overall and per service, the sum of their requests and
 * their host ports. Updated as a plan is built so that the tasks of one pass count too.
 */
public final class NodeLoad {
  private final Map<String, Integer> total = new HashMap<>();
  // service key -> node -> tasks: looked up for every node of every placement, so no string keys
  // are built on that path.
  private final Map<String, Map<String, Integer>> perService = new HashMap<>();
  private final Map<String, ResourceAmount> requested = new HashMap<>();
  private final Map<String, List<HostPort>> ports = new HashMap<>();

  /** The load of the tasks in {@code snapshot}. */
  public static NodeLoad of(ClusterSnapshot snapshot) {
    NodeLoad load = new NodeLoad();
    snapshot.placed().forEach(t -> load.add(t.node(), t.serviceKey(), t.request(), t.hostPorts()));
    return load;
  }

  void add(String node, TaskRequest task) {
    add(node, task.serviceKey(), task.request(), task.hostPorts());
  }

  private void add(
      String node, String serviceKey, ResourceAmount request, List<HostPort> hostPorts) {
    total.merge(node, 1, Integer::sum);
    perService.computeIfAbsent(serviceKey, k -> new HashMap<>()).merge(node, 1, Integer::sum);
    requested.merge(node, request, ResourceAmount::plus);
    if (!hostPorts.isEmpty()) {
      ports.computeIfAbsent(node, n -> new ArrayList<>()).addAll(hostPorts);
    }
  }

  public int total(String node) {
    return total.getOrDefault(node, 0);
  }

  public int ofService(String node, String serviceKey) {
    return perService.getOrDefault(serviceKey, Map.of()).getOrDefault(node, 0);
  }

  /** The sum of the requests of the node's tasks. */
  public ResourceAmount requested(String node) {
    return requested.getOrDefault(node, ResourceAmount.NONE);
  }

  /** What the node can still give: allocatable minus requested. */
  public ResourceAmount free(NodeInfo node) {
    return node.allocatable().minus(requested(node.name()));
  }

  /** The host ports the node's tasks publish. */
  public List<HostPort> hostPorts(String node) {
    return ports.getOrDefault(node, List.of());
  }
}
