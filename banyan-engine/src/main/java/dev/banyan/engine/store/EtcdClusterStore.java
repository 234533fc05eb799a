package dev.banyan.engine.store;

import com.google.protobuf.Message;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ClusterStore} on etcd through jetcd: protobuf values under {@code /banyan/v1/}. */
public final class EtcdClusterStore implements ClusterStore {
  private final Client client;
  private final Retrier retrier;
  // One etcd watch per engine, however many assignment streams and loops subscribe.
  private final SharedWatch watches;
  // Records kept current from that watch; snapshots come from here once it is up to date.
  private final StateCache cache = new StateCache();
  private final java.util.concurrent.atomic.AtomicBoolean cacheSubscribed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private static final long CACHE_WAIT_MILLIS = 2_000;

  public EtcdClusterStore(Client client, Duration retryBudget) {
    this.client = client;
    this.retrier = new Retrier(retryBudget);
    this.watches =
        new SharedWatch((after, listener) -> new EtcdWatch(client, after, listener).start());
  }

  /** A store on the given etcd client URLs, retrying unreachable etcd for up to 30 s per call. */
  public static EtcdClusterStore connect(List<String> endpoints) {
    return connect(Client.builder().endpoints(endpoints.toArray(String[]::new)));
  }

  /**
   * A store on a client built from {@code builder} (endpoints and, e.g., TLS already set), with the
   * same timeouts and retry budget as {@link #connect(List)}.
   */
  public static EtcdClusterStore connect(io.etcd.jetcd.ClientBuilder builder) {
    Client client =
        builder
            .connectTimeout(Duration.ofSeconds(3))
            .keepaliveTime(Duration.ofSeconds(10))
            .keepaliveTimeout(Duration.ofSeconds(5))
            .build();
    return new EtcdClusterStore(client, Duration.ofSeconds(30));
  }

  /** The etcd client, for stores of other key spaces (the metrics window). */
  public Client client() {
    return client;
  }

  @Override
  public ClusterState snapshot() {
    long current = currentRevision();
    // Behind after the wait (or writes outside /banyan/v1/ moved the revision, as on a shared
    // etcd): read everything. No etcd progress requests: etcd before 3.4.24 can send the progress
    // notification ahead of events (etcd issue 15220), which would make the cache skip them.
    Optional<ClusterState> cached = cache.at(current, CACHE_WAIT_MILLIS);
    if (cached.isPresent()) {
      return cached.get();
    }
    ClusterState read = readSnapshot();
    cache.reset(read);
    if (cacheSubscribed.compareAndSet(false, true)) {
      var unused = watches.subscribe(read.revision(), cache);
    }
    return read;
  }

  /** etcd's current revision, from the header of a read of one (absent) key. */
  private long currentRevision() {
    GetOption countOnly = GetOption.builder().withCountOnly(true).build();
    return retrier
        .call(
            "reading the current revision",
            () -> client.getKVClient().get(bytes(Kind.ROOT), countOnly))
        .getHeader()
        .getRevision();
  }

  /** Every record read from etcd at one revision (what the cache starts from). */
  private ClusterState readSnapshot() {
    GetResponse first = range(Kind.DEPLOYMENT.prefix(), 0);
    long revision = first.getHeader().getRevision();
    Map<String, Versioned<StoredDeployment>> deployments = decode(first, StoredDeployment.class);
    Map<String, Versioned<Task>> tasks = decode(range(Kind.TASK.prefix(), revision), Task.class);
    Map<String, Versioned<Node>> nodes = decode(range(Kind.NODE.prefix(), revision), Node.class);
    Map<String, Versioned<Session>> sessions =
        decode(range(Kind.SESSION.prefix(), revision), Session.class);
    return new ClusterState(revision, deployments, tasks, nodes, sessions);
  }

  @Override
  public Optional<Versioned<Message>> get(StoreKey key) {
    GetResponse response =
        retrier.call("reading " + key.path(), () -> client.getKVClient().get(bytes(key.path())));
    return response.getKvs().stream()
        .findFirst()
        .map(
            kv -> new Versioned<>(key.kind().parse(kv.getValue().getBytes()), kv.getModRevision()));
  }

  @Override
  public Listing list(Kind kind) {
    GetResponse response = range(kind.prefix(), 0);
    return new Listing(response.getHeader().getRevision(), decode(response, Message.class));
  }

  @Override
  public List<StoredDeployment> history(String deployment) {
    GetResponse response = range(Kind.HISTORY.prefix() + deployment + "/", 0);
    return response.getKvs().stream()
        .map(kv -> (StoredDeployment) Kind.HISTORY.parse(kv.getValue().getBytes()))
        .toList();
  }

  @Override
  public long commit(List<? extends StoreOp> ops) {
    long revision = 0;
    for (int from = 0; from < ops.size(); from += MAX_OPS_PER_TXN) {
      revision = commitBatch(ops.subList(from, Math.min(ops.size(), from + MAX_OPS_PER_TXN)));
    }
    return revision;
  }

  private long commitBatch(List<? extends StoreOp> batch) {
    List<Cmp> compares = new ArrayList<>();
    List<Op> writes = new ArrayList<>();
    for (StoreOp op : batch) {
      ByteSequence key = bytes(op.key().path());
      if (op.expectedRevision() != StoreOp.ANY) {
        compares.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(op.expectedRevision())));
      }
      if (op instanceof StoreOp.Put put) {
        PutOption.Builder option = PutOption.builder();
        if (put.leaseId() != 0) {
          option.withLeaseId(put.leaseId());
        }
        writes.add(Op.put(key, ByteSequence.from(put.value().toByteArray()), option.build()));
      } else if (op instanceof StoreOp.Delete) {
        writes.add(Op.delete(key, DeleteOption.DEFAULT));
      }
    }
    // A retried transaction whose first attempt committed fails its compares: reported as a
    // conflict, which callers already handle by re-reading.
    TxnResponse response =
        retrier.call(
            "committing " + batch.size() + " writes",
            () ->
                client
                    .getKVClient()
                    .txn()
                    .If(compares.toArray(Cmp[]::new))
                    .Then(writes.toArray(Op[]::new))
                    .commit());
    if (!response.isSucceeded()) {
      throw new ConflictException(
          "a concurrent write changed one of "
              + batch.size()
              + " keys, starting at "
              + batch.get(0).key().path());
    }
    return response.getHeader().getRevision();
  }

  @Override
  public long grantLease(Duration ttl) {
    long seconds = Math.max(1, ttl.toSeconds());
    return retrier.call("granting a lease", () -> client.getLeaseClient().grant(seconds)).getID();
  }

  @Override
  public boolean keepAliveOnce(long leaseId) {
    try {
      return retrier
              .call("renewing a lease", () -> client.getLeaseClient().keepAliveOnce(leaseId))
              .getTTL()
          > 0;
    } catch (StoreUnavailableException e) {
      if (mentionsMissingLease(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void revokeLease(long leaseId) {
    try {
      retrier.call("revoking a lease", () -> client.getLeaseClient().revoke(leaseId));
    } catch (StoreUnavailableException e) {
      if (!mentionsMissingLease(e)) {
        throw e;
      }
    }
  }

  private static boolean mentionsMissingLease(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("lease not found")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Subscription watch(long afterRevision, StoreListener listener) {
    return watches.subscribe(afterRevision, listener);
  }

  @Override
  public void close() {
    watches.close();
    client.close();
  }

  private GetResponse range(String prefix, long revision) {
    GetOption.Builder option = GetOption.builder().isPrefix(true);
    if (revision > 0) {
      option.withRevision(revision);
    }
    GetOption built = option.build();
    return retrier.call("reading " + prefix, () -> client.getKVClient().get(bytes(prefix), built));
  }

  private static <T extends Message> Map<String, Versioned<T>> decode(
      GetResponse response, Class<T> type) {
    Map<String, Versioned<T>> out = new HashMap<>();
    for (KeyValue kv : response.getKvs()) {
      Kind.keyOf(kv.getKey().toString(StandardCharsets.UTF_8))
          .ifPresent(
              key ->
                  out.put(
                      key.name(),
                      new Versioned<>(
                          type.cast(key.kind().parse(kv.getValue().getBytes())),
                          kv.getModRevision())));
    }
    return out;
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
