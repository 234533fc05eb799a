package dev.banyan.agent.reconcile;

import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.proto.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the node after the last reconcile pass: assigned tasks and the
 * containers found for them. Readers on other threads (log streaming) use it.
 */
public record NodeView(Map<String, Task> tasks, Map<String, ContainerInfo> containersByTask) {
  public NodeView {
    tasks = Map.copyOf(tasks);
    containersByTask = Map.copyOf(containersByTask);
  }

  /** A view with nothing in it. */
  public static NodeView empty() {
    return new NodeView(Map.of(), Map.of());
  }

  /** The assigned task with this id. */
  public Optional<Task> task(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  /** The container currently running (or last run) for a task. */
  public Optional<ContainerInfo> container(String taskId) {
    return Optional.ofNullable(containersByTask.get(taskId));
  }

  /** Every assigned task. */
  public List<Task> allTasks() {
    return List.copyOf(tasks.values());
  }
}
