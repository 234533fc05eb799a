package dev.banyan.agent.reconcile;

import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one reconcile pass decides from: desired tasks, the node's containers and what the
 * agent remembers and measured.
 *
 * @param desired the engine's assignment set by task id (desired state RUNNING or SHUTDOWN)
 * @param containers containers labelled with this node
 * @param health health by container id, for containers whose task has a health check
 * @param exitLogs last log lines by exit key ({@code containerId@finishedAt})
 * @param busyTasks tasks with an effect in flight; left alone this pass
 * @param remoteEndpoints the engine's last picture of tasks placed on other nodes, for {@code
 *     depends_on} conditions on replicas this node does not run
 */
public record Observation(
    Map<String, Task> desired,
    List<ContainerInfo> containers,
    Map<String, TaskMemory> memory,
    Map<String, Health> health,
    Map<String, List<String>> exitLogs,
    Set<String> busyTasks,
    Instant now,
    List<NetworkEndpoint> remoteEndpoints) {

  public Observation {
    desired = Map.copyOf(desired);
    containers = List.copyOf(containers);
    memory = Map.copyOf(memory);
    health = Map.copyOf(health);
    exitLogs = Map.copyOf(exitLogs);
    busyTasks = Set.copyOf(busyTasks);
    remoteEndpoints = List.copyOf(remoteEndpoints);
  }

  /** The key that identifies one exit of a container. */
  public static String exitKey(ContainerInfo c) {
    return c.id() + "@" + c.finishedAt().map(Instant::toString).orElse("?");
  }
}
