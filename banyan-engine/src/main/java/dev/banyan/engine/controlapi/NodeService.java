package dev.banyan.engine.controlapi;

import dev.banyan.engine.network.NodeSubnets;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeState;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Operator actions on nodes: drain, activate, remove. */
public final class NodeService {
  private static final int MAX_ATTEMPTS = 5;

  private final ClusterStore store;
  private final Optional<NodeSubnets> subnets;

  /** Without IPAM (tests of the control API alone): removing a node frees no subnet. */
  public NodeService(ClusterStore store) {
    this(store, Optional.empty());
  }

  /** Removing a node also frees its subnet through {@code subnets}. */
  public NodeService(ClusterStore store, Optional<NodeSubnets> subnets) {
    this.store = store;
    this.subnets = subnets;
  }

  /** Sets a node's availability; the orchestrator moves a drained node's tasks elsewhere. */
  public Node setAvailability(String name, NodeAvailability availability) {
    if (availability != NodeAvailability.NODE_AVAILABILITY_ACTIVE
        && availability != NodeAvailability.NODE_AVAILABILITY_DRAIN) {
      throw new ApiException(Status.Code.INVALID_ARGUMENT, "availability must be ACTIVE or DRAIN");
    }
    for (int attempt = 1; ; attempt++) {
      Versioned<Node> node = store.node(name).orElseThrow(() -> ApiException.nodeNotFound(name));
      if (node.value().getAvailability() == availability) {
        return node.value();
      }
      Node updated = node.value().toBuilder().setAvailability(availability).build();
      try {
        store.commit(List.of(StoreOp.put(StoreKey.node(name), updated, node.modRevision())));
        return updated;
      } catch (ConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new ApiException(
              Status.Code.ABORTED, "node '" + name + "' kept changing; try again");
        }
      }
    }
  }

  /** Forgets a node that is DOWN or drained, with its session and remaining tasks. */
  public void remove(String name) {
    ClusterState state = store.snapshot();
    Versioned<Node> node = state.node(name).orElseThrow(() -> ApiException.nodeNotFound(name));
    if (node.value().getState() == NodeState.NODE_STATE_READY
        && node.value().getAvailability() != NodeAvailability.NODE_AVAILABILITY_DRAIN) {
      throw new ApiException(
          Status.Code.FAILED_PRECONDITION,
          "node '"
              + name
              + "' is ready and may run tasks; drain it first with 'banyan-cli node drain "
              + name
              + "'");
    }
    List<StoreOp> ops = new ArrayList<>();
    ops.add(StoreOp.delete(StoreKey.node(name), node.modRevision()));
    state
        .tasksOn(name)
        .forEach(t -> ops.add(StoreOp.delete(StoreKey.task(t.value().getId()), t.modRevision())));
    try {
      store.commit(ops);
    } catch (ConflictException e) {
      throw new ApiException(
          Status.Code.ABORTED, "node '" + name + "' changed while being removed; try again");
    }
    Versioned<dev.banyan.engine.store.proto.Session> session = state.sessions().get(name);
    if (session != null) {
      store.revokeLease(session.value().getLeaseId());
    }
    subnets.ifPresent(s -> s.release(name));
  }
}
