package dev.banyan.engine.store;

import dev.banyan.engine.store.proto.Session;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every current record at one etcd revision: what a controller pass reasons about. */
public record ClusterState(
    long revision,
    Map<String, Versioned<StoredDeployment>> deployments,
    Map<String, Versioned<Task>> tasks,
    Map<String, Versioned<Node>> nodes,
    Map<String, Versioned<Session>> sessions) {

  public ClusterState {
    deployments = Map.copyOf(deployments);
    tasks = Map.copyOf(tasks);
    nodes = Map.copyOf(nodes);
    sessions = Map.copyOf(sessions);
  }

  /** The tasks of one deployment. */
  public List<Versioned<Task>> tasksOf(String deployment) {
    return tasks.values().stream()
        .filter(t -> t.value().getDeployment().equals(deployment))
        .toList();
  }

  /** The tasks assigned to one node. */
  public List<Versioned<Task>> tasksOn(String node) {
    return tasks.values().stream().filter(t -> t.value().getNode().equals(node)).toList();
  }

  public Optional<Versioned<Node>> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }
}
