package dev.banyan.engine.metrics;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.MeshPort;
import dev.banyan.proto.v1.MeshReplica;
import dev.banyan.proto.v1.MeshService;
import dev.banyan.proto.v1.PortMapping;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the routing mesh's endpoint feed from a snapshot: each service with published TCP ports
 * and its replicas that may take traffic (running, desired running, not unhealthy or still starting
 * its healthcheck, with an address).
 */
public final class MeshEndpoints {
  private MeshEndpoints() {}

  /** The feed for every agent, sorted so that equal states give equal lists. */
  public static List<MeshService> of(ClusterState state) {
    Map<String, MeshService.Builder> services = new TreeMap<>();
    List<Task> tasks =
        state.tasks().values().stream()
            .map(Versioned::value)
            .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
            .sorted(Comparator.comparing(Task::getId))
            .toList();
    for (Task t : tasks) {
      List<PortMapping> ports =
          t.getSpec().getPortsList().stream()
              .filter(p -> p.getHostPort() != 0)
              .filter(p -> p.getProtocol().isEmpty() || p.getProtocol().equalsIgnoreCase("tcp"))
              .toList();
      if (ports.isEmpty()) {
        continue;
      }
      MeshService.Builder s =
          services.computeIfAbsent(
              t.getDeployment() + "/" + t.getService(),
              k -> {
                MeshService.Builder b =
                    MeshService.newBuilder()
                        .setDeployment(t.getDeployment())
                        .setService(t.getService());
                ports.forEach(
                    p ->
                        b.addPorts(
                            MeshPort.newBuilder()
                                .setHostIp(p.getHostIp())
                                .setHostPort(p.getHostPort())
                                .setContainerPort(p.getContainerPort())));
                return b;
              });
      if (serving(t)) {
        s.addReplicas(
            MeshReplica.newBuilder()
                .setTaskId(t.getId())
                .setNode(t.getNode())
                .setReplica(t.getReplica())
                .setAddress(t.getStatus().getAddresses(0)));
      }
    }
    return services.values().stream().map(MeshService.Builder::build).toList();
  }

  static boolean serving(Task t) {
    Health h = t.getStatus().getHealth();
    return t.getStatus().getState() == TaskState.TASK_STATE_RUNNING
        && t.getStatus().getAddressesCount() > 0
        && (h == Health.HEALTH_UNSPECIFIED || h == Health.HEALTH_HEALTHY);
  }
}
