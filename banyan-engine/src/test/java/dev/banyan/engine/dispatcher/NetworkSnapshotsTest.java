package dev.banyan.engine.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.MeshPort;
import dev.banyan.proto.v1.MeshReplica;
import dev.banyan.proto.v1.MeshService;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.PortMapping;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The endpoint flags agents gate {@code depends_on} conditions of other nodes' tasks on, and the
 * routing mesh's feed.
 */
class NetworkSnapshotsTest {

  private static Task task(String id, TaskState desired, TaskStatus status) {
    return Task.newBuilder()
        .setId(id)
        .setDeployment("shop")
        .setService("db")
        .setReplica(1)
        .setNode("node-a")
        .setDesiredState(desired)
        .setStatus(status)
        .build();
  }

  private static TaskStatus exited(TaskState state, int code) {
    return TaskStatus.newBuilder().setState(state).setHasExitCode(true).setExitCode(code).build();
  }

  private static NetworkSnapshot snapshot(Task... tasks) {
    Map<String, Versioned<Task>> byId = new HashMap<>();
    for (Task t : tasks) {
      byId.put(t.getId(), new Versioned<>(t, 1));
    }
    return NetworkSnapshots.of(
        new ClusterState(1, Map.of(), byId, Map.of(), Map.of()), "10.210.0.0/16");
  }

  private static Map<String, NetworkEndpoint> endpoints(Task... tasks) {
    Map<String, NetworkEndpoint> result = new HashMap<>();
    snapshot(tasks).getEndpointsList().forEach(e -> result.put(e.getTaskId(), e));
    return result;
  }

  @Test
  void aTaskWhoseContainerExitedZeroCompletedSuccessfully() {
    TaskState run = TaskState.TASK_STATE_RUNNING;
    Map<String, NetworkEndpoint> e =
        endpoints(
            task("complete", run, exited(TaskState.TASK_STATE_COMPLETE, 0)),
            task("backoff-after-0", run, exited(TaskState.TASK_STATE_STARTING, 0)),
            task("backoff-after-1", run, exited(TaskState.TASK_STATE_STARTING, 1)),
            task("failed", run, exited(TaskState.TASK_STATE_FAILED, 2)),
            task(
                "waiting",
                run,
                TaskStatus.newBuilder().setState(TaskState.TASK_STATE_STARTING).build()),
            task("old", TaskState.TASK_STATE_SHUTDOWN, exited(TaskState.TASK_STATE_COMPLETE, 0)));

    assertThat(e.get("complete").getCompletedSuccessfully()).isTrue();
    assertThat(e.get("backoff-after-0").getCompletedSuccessfully()).isTrue();
    assertThat(e.get("backoff-after-1").getCompletedSuccessfully()).isFalse();
    assertThat(e.get("failed").getCompletedSuccessfully()).isFalse();
    assertThat(e.get("waiting").getCompletedSuccessfully())
        .as("a STARTING task without an exit has not completed")
        .isFalse();
    assertThat(e.get("old").getCompletedSuccessfully())
        .as("a replaced task no longer counts")
        .isFalse();
    assertThat(e.values()).noneMatch(NetworkEndpoint::getRunning);
  }

  @Test
  void healthyMeansRunningAndHealthyOrWithoutACheck() {
    TaskState run = TaskState.TASK_STATE_RUNNING;
    Map<String, NetworkEndpoint> e =
        endpoints(
            task("starting", run, running(Health.HEALTH_STARTING)),
            task("healthy", run, running(Health.HEALTH_HEALTHY)),
            task("no-check", run, running(Health.HEALTH_UNSPECIFIED)));

    assertThat(e.get("starting").getRunning()).isTrue();
    assertThat(e.get("starting").getHealthy()).isFalse();
    assertThat(e.get("healthy").getHealthy()).isTrue();
    assertThat(e.get("no-check").getHealthy()).isTrue();
    assertThat(e.values()).noneMatch(NetworkEndpoint::getCompletedSuccessfully);
  }

  @Test
  void theMeshFeedHasEachPublishedTcpServiceWithItsServingReplicas() {
    TaskState run = TaskState.TASK_STATE_RUNNING;
    ContainerSpec published =
        ContainerSpec.newBuilder()
            .addPorts(PortMapping.newBuilder().setHostPort(8080).setContainerPort(80))
            .addPorts(
                PortMapping.newBuilder().setHostPort(5353).setContainerPort(53).setProtocol("udp"))
            .addPorts(PortMapping.newBuilder().setContainerPort(9000))
            .build();
    TaskStatus at =
        running(Health.HEALTH_UNSPECIFIED).toBuilder().addAddresses("10.210.1.5").build();
    Task serving =
        task("serving", run, at).toBuilder().setService("web").setSpec(published).build();
    Task starting =
        task(
                "starting",
                run,
                TaskStatus.newBuilder().setState(TaskState.TASK_STATE_STARTING).build())
            .toBuilder()
            .setService("web")
            .setSpec(published)
            .build();
    Task unpublished = task("db", run, at);

    List<MeshService> mesh = snapshot(serving, starting, unpublished).getMeshList();

    assertThat(mesh).hasSize(1);
    MeshService web = mesh.get(0);
    assertThat(web.getService()).isEqualTo("web");
    assertThat(web.getPortsList())
        .as("TCP ports published on the host only")
        .extracting(MeshPort::getHostPort)
        .containsExactly(8080);
    assertThat(web.getReplicasList())
        .as("a replica still starting takes no traffic yet")
        .extracting(MeshReplica::getTaskId, MeshReplica::getAddress)
        .containsExactly(tuple("serving", "10.210.1.5"));
  }

  private static TaskStatus running(Health health) {
    return TaskStatus.newBuilder().setState(TaskState.TASK_STATE_RUNNING).setHealth(health).build();
  }
}
