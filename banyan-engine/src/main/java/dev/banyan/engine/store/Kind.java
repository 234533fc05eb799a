package dev.banyan.engine.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import java.util.Optional;

/** The kinds of records the engine keeps in etcd, each under its own key prefix. */
public enum Kind {
  DEPLOYMENT("deployments/"),
  HISTORY("deployment-history/"),
  TASK("tasks/"),
  NODE("nodes/"),
  SESSION("sessions/"),
  SESSION_ID("session-ids/"),
  LEADER("leader/"),
  /** A leased node subnet, keyed by CIDR; the value names the node. */
  SUBNET("ipam/subnets/"),
  /** A node's leased subnet, keyed by node name; the value is the CIDR. */
  SUBNET_OF_NODE("ipam/nodes/"),
  /** Cluster-wide settings fixed when the cluster is created (e.g. {@code network}). */
  CLUSTER_CONFIG("cluster/"),
  /**
   * Agents' metrics samples ({@code metrics/<node>/<millis>}), read by the metrics store only. They
   * live under the watched root so that the engine's watch sees every revision it writes: the state
   * cache serves a snapshot only once it has caught up with etcd's current revision.
   */
  METRICS("metrics/");

  /** The root of every Banyan key; other prefixes are relative to it. */
  public static final String ROOT = "/banyan/v1/";

  private final String prefix;

  Kind(String prefix) {
    this.prefix = prefix;
  }

  /** The absolute key prefix of this kind, ending in a slash. */
  public String prefix() {
    return ROOT + prefix;
  }

  Message parse(byte[] bytes) {
    try {
      return switch (this) {
        case DEPLOYMENT, HISTORY -> StoredDeployment.parseFrom(bytes);
        case TASK -> Task.parseFrom(bytes);
        case NODE -> Node.parseFrom(bytes);
        case SESSION, SESSION_ID -> Session.parseFrom(bytes);
        case LEADER, SUBNET, SUBNET_OF_NODE -> com.google.protobuf.StringValue.parseFrom(bytes);
        case CLUSTER_CONFIG -> dev.banyan.engine.store.proto.ClusterNetwork.parseFrom(bytes);
        // Not decoded: no watcher reads samples (the metrics store reads them itself).
        case METRICS -> com.google.protobuf.Empty.getDefaultInstance();
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt value of kind " + this + " in etcd", e);
    }
  }

  /** The key for an absolute etcd key, if it is one of ours. */
  static Optional<StoreKey> keyOf(String path) {
    for (Kind kind : values()) {
      if (path.startsWith(kind.prefix())) {
        return Optional.of(new StoreKey(kind, path.substring(kind.prefix().length())));
      }
    }
    return Optional.empty();
  }
}
