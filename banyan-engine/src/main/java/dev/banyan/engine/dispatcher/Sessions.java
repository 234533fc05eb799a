package dev.banyan.engine.dispatcher;

import com.google.protobuf.Timestamp;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.NodeUsage;
import dev.banyan.proto.v1.RegisterRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Agent sessions: each is an etcd lease carrying {@code sessions/<node>} and {@code
 * session-ids/<id>}, so a missed heartbeat deletes both and any engine can serve the agent.
 */
public final class Sessions {
  private static final int MAX_ATTEMPTS = 5;
  // Heartbeats refresh the node record at most this often, so they do not rewrite it every period.
  private static final Duration NODE_REFRESH = Duration.ofSeconds(30);

  private final ClusterStore store;
  private final DispatcherConfig config;
  private final Clock clock;

  public Sessions(ClusterStore store, DispatcherConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  public DispatcherConfig config() {
    return config;
  }

  /** Starts a new session for the node, replacing its previous one, and marks the node READY. */
  public Session register(RegisterRequest request) {
    return register(request, "");
  }

  /** As {@link #register(RegisterRequest)}, recording the node's leased VPC subnet. */
  public Session register(RegisterRequest request, String subnet) {
    long lease = store.grantLease(config.nodeTimeout());
    Session session =
        Session.newBuilder()
            .setId(SessionTokens.sessionId())
            .setNode(request.getNodeName())
            .setToken(SessionTokens.token())
            .setLeaseId(lease)
            .setCreatedAt(now())
            .build();
    for (int attempt = 1; ; attempt++) {
      Optional<Versioned<Session>> previous = store.session(request.getNodeName());
      Optional<Versioned<Node>> node = store.node(request.getNodeName());
      Node updated = registered(request, node.map(Versioned::value), subnet);
      try {
        store.commit(
            List.of(
                new StoreOp.Put(
                    StoreKey.session(session.getNode()),
                    session,
                    previous.map(Versioned::modRevision).orElse(StoreOp.ABSENT),
                    lease),
                new StoreOp.Put(
                    StoreKey.sessionId(session.getId()), session, StoreOp.ABSENT, lease),
                StoreOp.put(
                    StoreKey.node(updated.getName()),
                    updated,
                    node.map(Versioned::modRevision).orElse(StoreOp.ABSENT))));
        // sessions/<node> now belongs to the new lease, so revoking the old one deletes only the
        // old session id: the node is never seen without a session.
        previous.ifPresent(p -> store.revokeLease(p.value().getLeaseId()));
        return session;
      } catch (ConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          store.revokeLease(lease);
          throw e;
        }
      }
    }
  }

  private Node registered(RegisterRequest r, Optional<Node> existing, String subnet) {
    Node.Builder b = existing.map(Node::toBuilder).orElseGet(Node::newBuilder);
    if (b.getAvailability() == NodeAvailability.NODE_AVAILABILITY_UNSPECIFIED) {
      b.setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE);
    }
    return b.setName(r.getNodeName())
        .setAgentAddress(r.getAgentAddress())
        .setHostAddress(r.getHostAddress())
        .clearLabels()
        .putAllLabels(r.getLabelsMap())
        .setState(NodeState.NODE_STATE_READY)
        .setCapacity(r.getCapacity())
        .setReserved(r.getReserved())
        .setAllocatable(allocatable(r.getCapacity(), r.getReserved()))
        .setRuntime(r.getRuntime())
        .setVersion(r.getVersion())
        .setSubnet(subnet)
        .setRegisteredAt(now())
        .setLastHeartbeat(now())
        .build();
  }

  /** The live session with this id. */
  public Session require(String sessionId) {
    if (sessionId.isEmpty()) {
      throw new SessionExpiredException();
    }
    return store
        .sessionById(sessionId)
        .map(Versioned::value)
        .orElseThrow(SessionExpiredException::new);
  }

  /** Capacity minus the agent's reserve, never below zero. */
  static NodeResources allocatable(NodeResources capacity, NodeResources reserved) {
    return NodeResources.newBuilder()
        .setCpuCores(Math.max(0, capacity.getCpuCores() - reserved.getCpuCores()))
        .setMemoryBytes(Math.max(0, capacity.getMemoryBytes() - reserved.getMemoryBytes()))
        .setDiskBytes(Math.max(0, capacity.getDiskBytes() - reserved.getDiskBytes()))
        .build();
  }

  /**
   * Renews the session's lease and records the node's capacity (at once when it changed) and usage
   * (with the periodic refresh, so heartbeats do not rewrite the node every period); returns the
   * session.
   */
  public Session heartbeat(String sessionId, NodeResources capacity, NodeUsage usage) {
    Session session = require(sessionId);
    if (!store.keepAliveOnce(session.getLeaseId())) {
      throw new SessionExpiredException();
    }
    Optional<Versioned<Node>> node = store.node(session.getNode());
    if (node.isEmpty()) {
      return session;
    }
    Node n = node.get().value();
    Instant last = Instant.ofEpochSecond(n.getLastHeartbeat().getSeconds());
    boolean stale = last.plus(NODE_REFRESH).isBefore(clock.instant());
    if (!n.getCapacity().equals(capacity) || stale) {
      Node updated =
          n.toBuilder()
              .setCapacity(capacity)
              .setAllocatable(allocatable(capacity, n.getReserved()))
              .setUsage(usage)
              .setLastHeartbeat(now())
              .build();
      try {
        store.commit(
            List.of(StoreOp.put(StoreKey.node(n.getName()), updated, node.get().modRevision())));
      } catch (ConflictException e) {
        // Someone else updated the node; the next heartbeat brings the capacity again.
      }
    }
    return session;
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }
}
