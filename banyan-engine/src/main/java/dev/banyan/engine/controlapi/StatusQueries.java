package dev.banyan.engine.controlapi;

import dev.banyan.engine.scheduler.NodeLoad;
import dev.banyan.engine.scheduler.ResourceAmount;
import dev.banyan.engine.scheduler.ResourceDefaults;
import dev.banyan.engine.scheduler.TaskViews;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.engine.store.proto.StoredService;
import dev.banyan.proto.v1.DeploymentStatus;
import dev.banyan.proto.v1.DeploymentSummary;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListDeploymentsResponse;
import dev.banyan.proto.v1.ListNodesResponse;
import dev.banyan.proto.v1.ListTasksResponse;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.PortMapping;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/** Read-only views of the cluster for the CLI: status, tasks, nodes, deployments. */
public final class StatusQueries {
  private static final Comparator<Task> BY_SLOT =
      Comparator.comparing(Task::getService)
          .thenComparingInt(Task::getReplica)
          .thenComparing(t -> t.getCreatedAt().getSeconds())
          .thenComparing(Task::getId);

  private final ClusterStore store;
  private final ScheduledExecutorService watchTimer;
  private final TaskViews views;

  /**
   * @param watchTimer runs the coalesced sends of {@link #watchStatus} streams
   * @param taskDefaults what a task without resource requests counts as on its node
   */
  public StatusQueries(
      ClusterStore store, ScheduledExecutorService watchTimer, ResourceDefaults taskDefaults) {
    this.store = store;
    this.watchTimer = watchTimer;
    this.views = new TaskViews(taskDefaults);
  }

  /** Streams {@link #status} now and after each change to {@code deployment} (all when empty). */
  public void watchStatus(String deployment, ServerCallStreamObserver<GetStatusResponse> out) {
    new StatusWatch(store, this, deployment, out, watchTimer).start();
  }

  /** Per deployment (all when {@code deployment} is empty), per service: desired vs running. */
  public GetStatusResponse status(String deployment) {
    return status(store.snapshot(), deployment);
  }

  /** As {@link #status(String)}, from a snapshot the caller already has. */
  GetStatusResponse status(ClusterState state, String deployment) {
    List<Versioned<StoredDeployment>> deployments = selected(state, deployment);
    GetStatusResponse.Builder out = GetStatusResponse.newBuilder();
    for (Versioned<StoredDeployment> d : deployments) {
      List<Task> tasks =
          state.tasksOf(d.value().getName()).stream()
              .map(Versioned::value)
              .sorted(BY_SLOT)
              .toList();
      DeploymentStatus.Builder ds =
          DeploymentStatus.newBuilder()
              .setName(d.value().getName())
              .setRevision(d.value().getRevision())
              .setUpdatedAt(d.value().getUpdatedAt());
      for (StoredService s : d.value().getServicesList()) {
        List<Task> mine = tasks.stream().filter(t -> t.getService().equals(s.getName())).toList();
        int running =
            (int)
                mine.stream()
                    .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
                    .filter(t -> t.getStatus().getState() == TaskState.TASK_STATE_RUNNING)
                    .count();
        ds.addServices(
            ServiceStatus.newBuilder()
                .setName(s.getName())
                .setImage(s.getContainer().getImage())
                .setDesired(d.value().getRemoving() ? 0 : s.getReplicas())
                .setRunning(running)
                .addAllPorts(
                    s.getContainer().getPortsList().stream().map(StatusQueries::port).toList())
                .addAllTasks(mine));
      }
      out.addDeployments(ds);
    }
    return out.build();
  }

  public ListTasksResponse tasks(String deployment) {
    ClusterState state = store.snapshot();
    if (!deployment.isEmpty() && !state.deployments().containsKey(deployment)) {
      throw ApiException.deploymentNotFound(deployment);
    }
    List<Task> tasks =
        state.tasks().values().stream()
            .map(Versioned::value)
            .filter(t -> deployment.isEmpty() || t.getDeployment().equals(deployment))
            .sorted(Comparator.comparing(Task::getDeployment).thenComparing(BY_SLOT))
            .toList();
    return ListTasksResponse.newBuilder().addAllTasks(tasks).build();
  }

  public ListNodesResponse nodes() {
    ClusterState state = store.snapshot();
    NodeLoad load = NodeLoad.of(views.snapshotOf(state));
    ListNodesResponse.Builder out = ListNodesResponse.newBuilder();
    state.nodes().values().stream()
        .map(Versioned::value)
        .sorted(Comparator.comparing(dev.banyan.proto.v1.Node::getName))
        .forEach(
            n -> {
              ResourceAmount requested = load.requested(n.getName());
              out.addNodes(
                  NodeSummary.newBuilder()
                      .setNode(n)
                      .setTaskCount(state.tasksOn(n.getName()).size())
                      .setRequested(
                          NodeResources.newBuilder()
                              .setCpuCores(requested.cpus())
                              .setMemoryBytes(requested.memoryBytes())));
            });
    return out.build();
  }

  public ListDeploymentsResponse deployments() {
    ClusterState state = store.snapshot();
    ListDeploymentsResponse.Builder out = ListDeploymentsResponse.newBuilder();
    selected(state, "")
        .forEach(
            d ->
                out.addDeployments(
                    DeploymentSummary.newBuilder()
                        .setName(d.value().getName())
                        .setRevision(d.value().getRevision())
                        .setServices(d.value().getServicesCount())
                        .setUpdatedAt(d.value().getUpdatedAt())));
    return out.build();
  }

  private static List<Versioned<StoredDeployment>> selected(ClusterState state, String name) {
    if (name.isEmpty()) {
      return state.deployments().values().stream()
          .sorted(Comparator.comparing(d -> d.value().getName()))
          .toList();
    }
    Versioned<StoredDeployment> d = state.deployments().get(name);
    if (d == null) {
      throw ApiException.deploymentNotFound(name);
    }
    return List.of(d);
  }

  /** "8080:80/tcp", or "80/tcp" when the port is not published on the host. */
  static String port(PortMapping p) {
    String protocol = p.getProtocol().isEmpty() ? "tcp" : p.getProtocol();
    String host =
        p.getHostPort() == 0
            ? ""
            : (p.getHostIp().isEmpty() ? "" : p.getHostIp() + ":") + p.getHostPort() + ":";
    return host + p.getContainerPort() + "/" + protocol;
  }
}
