package dev.banyan.engine.store;

import com.google.protobuf.Message;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The engine's view of cluster state: consistent snapshots, watches and compare-and-set commits.
 * Controllers depend on this interface only, never on etcd types.
 */
public interface ClusterStore extends AutoCloseable {

  /** All deployments, tasks, nodes and sessions at one revision. */
  ClusterState snapshot();

  /** One record with its mod revision. */
  Optional<Versioned<Message>> get(StoreKey key);

  /** Every record of one kind at one revision (name to value). */
  Listing list(Kind kind);

  /** Every stored revision of a deployment, oldest first. */
  List<StoredDeployment> history(String deployment);

  /**
   * Applies the writes atomically per batch of at most {@link #MAX_OPS_PER_TXN}; each write's
   * expected revision must still hold. Returns the revision of the last batch.
   *
   * @throws ConflictException when a compare failed (earlier batches stay committed)
   */
  long commit(List<? extends StoreOp> ops);

  /** Writes per etcd transaction: under etcd's default --max-txn-ops of 128. */
  int MAX_OPS_PER_TXN = 100;

  /** Grants a lease that expires after {@code ttl} unless kept alive. */
  long grantLease(Duration ttl);

  /** Renews a lease once; false when it no longer exists. */
  boolean keepAliveOnce(long leaseId);

  /** Revokes a lease, deleting its keys; a missing lease is not an error. */
  void revokeLease(long leaseId);

  /** Delivers every change after {@code afterRevision}; survives etcd restarts. */
  Subscription watch(long afterRevision, StoreListener listener);

  @Override
  void close();

  default Optional<Versioned<Task>> task(String id) {
    return typed(get(StoreKey.task(id)), Task.class);
  }

  default Optional<Versioned<Node>> node(String name) {
    return typed(get(StoreKey.node(name)), Node.class);
  }

  default Optional<Versioned<StoredDeployment>> deployment(String name) {
    return typed(get(StoreKey.deployment(name)), StoredDeployment.class);
  }

  default Optional<Versioned<Session>> session(String node) {
    return typed(get(StoreKey.session(node)), Session.class);
  }

  default Optional<Versioned<Session>> sessionById(String id) {
    return typed(get(StoreKey.sessionId(id)), Session.class);
  }

  private static <T extends Message> Optional<Versioned<T>> typed(
      Optional<Versioned<Message>> v, Class<T> type) {
    return v.filter(x -> type.isInstance(x.value()))
        .map(x -> new Versioned<>(type.cast(x.value()), x.modRevision()));
  }
}
