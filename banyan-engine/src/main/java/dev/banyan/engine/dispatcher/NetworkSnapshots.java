package dev.banyan.engine.dispatcher;

import dev.banyan.engine.metrics.MeshEndpoints;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkNode;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.util.Comparator;

/**
 * Builds the network picture agents route, resolve names, wait for dependencies and run the routing
 * mesh from, out of one store snapshot.
 */
final class NetworkSnapshots {
  private NetworkSnapshots() {}

  /** Every node with a subnet and every placed task, sorted so equal states give equal messages. */
  static NetworkSnapshot of(ClusterState state, String clusterCidr) {
    NetworkSnapshot.Builder b = NetworkSnapshot.newBuilder().setClusterCidr(clusterCidr);
    state.nodes().values().stream()
        .map(Versioned::value)
        .filter(n -> !n.getSubnet().isEmpty())
        .sorted(Comparator.comparing(Node::getName))
        .forEach(
            n ->
                b.addNodes(
                    NetworkNode.newBuilder()
                        .setName(n.getName())
                        .setHostAddress(n.getHostAddress())
                        .setSubnet(n.getSubnet())
                        .setState(n.getState())));
    state.tasks().values().stream()
        .map(Versioned::value)
        .filter(t -> !t.getNode().isEmpty())
        .sorted(Comparator.comparing(Task::getId))
        .forEach(t -> b.addEndpoints(endpoint(t)));
    return b.addAllMesh(MeshEndpoints.of(state)).build();
  }

  private static NetworkEndpoint endpoint(Task t) {
    // A replica being stopped (desired SHUTDOWN) no longer gets traffic, even while it still runs.
    boolean wanted = t.getDesiredState().getNumber() <= TaskState.TASK_STATE_RUNNING_VALUE;
    boolean running = wanted && t.getStatus().getState() == TaskState.TASK_STATE_RUNNING;
    // The agent-side rule for depends_on service_completed_successfully: the last container exited
    // 0 and has not started again (finished for good, or waiting out a restart back-off).
    TaskState state = t.getStatus().getState();
    boolean completedSuccessfully =
        wanted
            && t.getStatus().getHasExitCode()
            && t.getStatus().getExitCode() == 0
            && (state == TaskState.TASK_STATE_COMPLETE || state == TaskState.TASK_STATE_STARTING);
    Health health = t.getStatus().getHealth();
    boolean healthy =
        running && (health == Health.HEALTH_UNSPECIFIED || health == Health.HEALTH_HEALTHY);
    return NetworkEndpoint.newBuilder()
        .setDeployment(t.getDeployment())
        .setService(t.getService())
        .setReplica(t.getReplica())
        .setTaskId(t.getId())
        .setNode(t.getNode())
        .addAllAddresses(t.getStatus().getAddressesList())
        .setRunning(running)
        .setHealth(health)
        .setHealthy(healthy)
        .setCompletedSuccessfully(completedSuccessfully)
        .build();
  }
}
