import dev.banyan.common.auth.PasswordCredentials;
import dev.banyan.proto.v1.AssignmentsMessage;
import dev.banyan.proto.v1.AssignmentsRequest;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.HeartbeatRequest;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.NodeResources;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.RegisterRequest;
import dev.banyan.proto.v1.RegisterResponse;
import dev.banyan.proto.v1.Task;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): scheduling throughput. A SIMULATED runtime for scale tests only: this
 * program registers N fake agents over the engine's real Dispatcher gRPC API (Register, Heartbeat,
 * Assignments; they run nothing and report nothing), deploys S services x R replicas through the
 * Control API and watches etcd until every task has a persisted node assignment. Baseline: raw
 * jetcd Txn puts of the same number of keys in batches of 100, against the same etcd, same run.
 *
 * <p>Usage: SchedBench ENGINE ETCD PASSWORD NODES SERVICES REPLICAS
 */
public final class SchedBench {
  static final String TASKS = "/banyan/v1/tasks/";

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception e) {
      // The simulated nodes' heartbeat threads would keep the JVM alive after a failure.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    String engine = args[0];
    String etcd = args[1];
    String password = args[2];
    int nodes = Integer.parseInt(args[3]);
    int services = Integer.parseInt(args[4]);
    int replicas = Integer.parseInt(args[5]);
    int total = services * replicas;

    Client etcdClient = Client.builder().endpoints(etcd).build();
    double baselinePerSecond = rawEtcdPuts(etcdClient.getKVClient(), total);
    System.out.printf("baseline: raw etcd Txn puts, %d keys in batches of 100: %.0f keys/s%n",
        total, baselinePerSecond);

    String[] hostPort = engine.split(":");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
            .usePlaintext()
            .maxInboundMessageSize(256 << 20)
            .build();
    PasswordCredentials credentials = new PasswordCredentials(password);
    SimulatedNodes sim = new SimulatedNodes(channel, credentials, nodes);
    long registerStart = System.nanoTime();
    sim.registerAll();
    ControlGrpc.ControlBlockingStub control =
        ControlGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    awaitReady(control, nodes);
    System.out.printf("%d simulated nodes READY in %.1f s%n", nodes,
        (System.nanoTime() - registerStart) / 1e9);

    // Watch the tasks prefix: the first time a task shows up with a node, it is assigned.
    Map<String, Long> submitted = new ConcurrentHashMap<>();
    Map<String, Long> assigned = new ConcurrentHashMap<>();
    Map<String, String> deploymentOfTask = new ConcurrentHashMap<>();
    AtomicLong lastAssigned = new AtomicLong();
    Watch.Watcher watcher =
        etcdClient.getWatchClient().watch(
            bytes(TASKS),
            WatchOption.builder().isPrefix(true).build(),
            response -> {
              long now = System.nanoTime();
              for (WatchEvent e : response.getEvents()) {
                if (e.getEventType() != WatchEvent.EventType.PUT) {
                  continue;
                }
                try {
                  Task t = Task.parseFrom(e.getKeyValue().getValue().getBytes());
                  // Per replica slot: a task replaced after its node went down counts once.
                  String slot = t.getDeployment() + "/" + t.getService() + "/" + t.getReplica();
                  deploymentOfTask.putIfAbsent(slot, t.getDeployment());
                  if (!t.getNode().isEmpty() && assigned.putIfAbsent(slot, now) == null) {
                    lastAssigned.set(now);
                  }
                } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                  throw new IllegalStateException(ex);
                }
              }
            });

    // One deployment per service, submitted back to back; a task's submit time is the start of
    // its deployment's Deploy call.
    long start = System.nanoTime();
    Map<String, Long> deployStart = new ConcurrentHashMap<>();
    for (int s = 0; s < services; s++) {
      String name = "sched" + s;
      deployStart.put(name, System.nanoTime());
      control.withDeadlineAfter(120, TimeUnit.SECONDS).deploy(
          DeployRequest.newBuilder()
              .setName(name)
              .setSourceName(name + ".yaml")
              .setManifestYaml(manifest(name, replicas))
              .build());
    }
    long submittedAll = System.nanoTime();
    System.out.printf("%d deploys accepted in %.1f s%n", services, (submittedAll - start) / 1e9);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    long lastPrint = 0;
    while (assigned.size() < total) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + assigned.size() + " of " + total + " assigned");
      }
      if (System.nanoTime() - lastPrint > 5e9) {
        lastPrint = System.nanoTime();
        System.err.printf("  %.0f s: %d of %d assigned%n", (lastPrint - start) / 1e9,
            assigned.size(), total);
      }
      Thread.sleep(100);
    }
    watcher.close();
    double seconds = (lastAssigned.get() - start) / 1e9;
    long[] latencies = new long[total];
    int i = 0;
    for (Map.Entry<String, Long> e : assigned.entrySet()) {
      Long submit = deployStart.get(deploymentOfTask.get(e.getKey()));
      latencies[i++] = e.getValue() - submit;
    }
    Arrays.sort(latencies);
    double perSecond = total / seconds;
    System.out.printf("placed %d tasks on %d nodes in %.1f s: %.0f placements/s%n", total, nodes,
        seconds, perSecond);
    System.out.printf("submit -> persisted assignment: p50 %.2f s, p99 %.2f s, max %.2f s%n",
        latencies[total / 2] / 1e9, latencies[(int) (total * 0.99)] / 1e9,
        latencies[total - 1] / 1e9);
    System.out.printf("tasks delivered to simulated agents: %d; failed heartbeats: %d%n",
        sim.delivered(), sim.failedHeartbeats.get());
    System.out.printf("RESULT placements_per_s=%.0f p99_s=%.2f baseline_puts_per_s=%.0f ratio=%.2f%n",
        perSecond, latencies[(int) (total * 0.99)] / 1e9, baselinePerSecond,
        perSecond / baselinePerSecond);
    sim.close();
    channel.shutdownNow();
    etcdClient.close();
    System.exit(0);
  }

  static String manifest(String name, int replicas) {
    return "name: " + name + "\nservices:\n  app:\n    image: localhost/banyan-busybox:latest\n"
        + "    command: [\"sleep\", \"3600\"]\n    deploy:\n      replicas: " + replicas + "\n"
        + "      resources:\n        reservations: {cpus: \"0.01\", memory: 1m}\n";
  }

  static void awaitReady(ControlGrpc.ControlBlockingStub control, int nodes) throws Exception {
    for (int attempt = 0; attempt < 600; attempt++) {
      long ready = control.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
          .filter(n -> n.getNode().getState() == NodeState.NODE_STATE_READY)
          .count();
      if (ready >= nodes) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("simulated nodes did not become READY");
  }

  /** Puts {@code keys} small values under /bench/ in Txns of 100, one after the other. */
  static double rawEtcdPuts(KV kv, int keys) throws Exception {
    byte[] value = new byte[300]; // about the size of a stored task
    long start = System.nanoTime();
    for (int from = 0; from < keys; from += 100) {
      List<Op> ops = new ArrayList<>();
      for (int k = from; k < Math.min(keys, from + 100); k++) {
        ops.add(Op.put(bytes("/bench/raw/" + k), ByteSequence.from(value), PutOption.DEFAULT));
      }
      kv.txn().Then(ops.toArray(Op[]::new)).commit().get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    kv.delete(bytes("/bench/"), DeleteOption.builder().isPrefix(true).build()).get();
    return keys / seconds;
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** The simulated nodes: sessions, heartbeats at the period the engine asks, assignment streams. */
  static final class SimulatedNodes implements AutoCloseable {
    private final DispatcherGrpc.DispatcherBlockingStub blocking;
    private final DispatcherGrpc.DispatcherStub async;
    private final int count;
    private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(4);
    private final AtomicLong delivered = new AtomicLong();
    final AtomicLong failedHeartbeats = new AtomicLong();

    SimulatedNodes(ManagedChannel channel, PasswordCredentials credentials, int count) {
      this.blocking = DispatcherGrpc.newBlockingStub(channel).withCallCredentials(credentials);
      this.async = DispatcherGrpc.newStub(channel).withCallCredentials(credentials);
      this.count = count;
    }

    void registerAll() {
      NodeResources capacity =
          NodeResources.newBuilder().setCpuCores(64).setMemoryBytes(256L << 30).build();
      for (int n = 0; n < count; n++) {
        String name = String.format("sim-%04d", n);
        RegisterResponse session = blocking.register(
            RegisterRequest.newBuilder()
                .setNodeName(name)
                .setAgentAddress("127.0.0.1:1")
                .setHostAddress("127.0.0.2")
                .setCapacity(capacity)
                .setRuntime("simulated")
                .build());
        long periodMs = Math.max(200, session.getHeartbeatPeriod().getSeconds() * 1000
            + session.getHeartbeatPeriod().getNanos() / 1_000_000);
        HeartbeatRequest beat = HeartbeatRequest.newBuilder()
            .setSessionId(session.getSessionId()).setCapacity(capacity).build();
        heartbeats.scheduleAtFixedRate(() -> {
          try {
            blocking.withDeadlineAfter(10, TimeUnit.SECONDS).heartbeat(beat);
          } catch (RuntimeException e) {
            if (failedHeartbeats.getAndIncrement() == 0) {
              System.err.println("heartbeat of " + name + " failed: " + e.getMessage());
            }
          }
        }, n % periodMs, periodMs, TimeUnit.MILLISECONDS);
        async.assignments(
            AssignmentsRequest.newBuilder().setSessionId(session.getSessionId()).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(AssignmentsMessage m) {
                delivered.addAndGet(m.getTasksCount());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
      }
    }

    long delivered() {
      return delivered.get();
    }

    @Override
    public void close() {
      heartbeats.shutdownNow();
    }
  }
}
