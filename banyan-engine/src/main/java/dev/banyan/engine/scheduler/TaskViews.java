package dev.banyan.engine.scheduler;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.PortMapping;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts stored records to the scheduler's plain inputs, so that the scheduler never sees a
 * protobuf or store type and every caller (loop, applier, dry run) judges tasks the same way.
 */
public final class TaskViews {
  private static final Set<TaskState> STOPPED =
      Set.of(
          TaskState.TASK_STATE_COMPLETE,
          TaskState.TASK_STATE_FAILED,
          TaskState.TASK_STATE_SHUTDOWN);

  private final ResourceDefaults defaults;

  public TaskViews(ResourceDefaults defaults) {
    this.defaults = defaults;
  }

  public ResourceDefaults defaults() {
    return defaults;
  }

  /** The scheduler's view of a store snapshot. */
  public ClusterSnapshot snapshotOf(ClusterState state) {
    List<NodeInfo> nodes =
        state.nodes().values().stream().map(Versioned::value).map(TaskViews::info).toList();
    List<PlacedTask> placed =
        state.tasks().values().stream()
            .map(Versioned::value)
            .filter(TaskViews::holdsItsNode)
            .map(this::placed)
            .toList();
    return new ClusterSnapshot(nodes, placed);
  }

  /**
   * Whether a task still occupies its node: assigned and wanted, or being shut down but not yet
   * stopped (its container still holds its resources and ports).
   */
  static boolean holdsItsNode(Task t) {
    if (t.getNode().isEmpty()) {
      return false;
    }
    if (t.getDesiredState() == TaskState.TASK_STATE_RUNNING) {
      return true;
    }
    return !STOPPED.contains(t.getStatus().getState());
  }

  /** Whether the scheduler should place the task. */
  public static boolean unplaced(Task t) {
    return t.getDesiredState() == TaskState.TASK_STATE_RUNNING && t.getNode().isEmpty();
  }

  private PlacedTask placed(Task t) {
    return new PlacedTask(
        t.getNode(), t.getDeployment(), t.getService(), requestOf(t), hostPorts(t));
  }

  /** What the scheduler places {@code task} by. */
  public TaskRequest request(Task task) {
    return new TaskRequest(
        task.getId(),
        task.getDeployment(),
        task.getService(),
        task.getReplica(),
        task.getPlacement().getConstraintsList(),
        requestOf(task),
        hostPorts(task));
  }

  public ResourceAmount requestOf(Task task) {
    return defaults.requestOf(task.getSpec().getResources());
  }

  static List<HostPort> hostPorts(Task task) {
    return task.getSpec().getPortsList().stream()
        .filter(p -> p.getHostPort() != 0)
        .map(TaskViews::hostPort)
        .toList();
  }

  private static HostPort hostPort(PortMapping p) {
    return new HostPort(p.getHostIp(), p.getHostPort(), p.getProtocol());
  }

  /** The scheduler's view of a node. */
  public static NodeInfo info(Node node) {
    Map<String, String> labels = node.getLabelsMap();
    return new NodeInfo(
        node.getName(),
        node.getState() == NodeState.NODE_STATE_READY,
        node.getAvailability() == NodeAvailability.NODE_AVAILABILITY_DRAIN,
        labels,
        labels.getOrDefault("role", "worker"),
        allocatable(node),
        amount(node.getReserved()));
  }

  /** Allocatable as stored; for records written before it existed, capacity minus reserve. */
  public static ResourceAmount allocatable(Node node) {
    if (node.hasAllocatable()) {
      return amount(node.getAllocatable());
    }
    return amount(node.getCapacity()).minus(amount(node.getReserved()));
  }

  public static ResourceAmount amount(NodeResources r) {
    return new ResourceAmount(r.getCpuCores(), r.getMemoryBytes());
  }
}
