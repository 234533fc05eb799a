package dev.banyan.agent.mesh;

import dev.banyan.proto.v1.MeshPort;
import dev.banyan.proto.v1.MeshReplica;
import dev.banyan.proto.v1.MeshService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's part of the routing mesh: it listens on every published TCP port of the cluster and
 * forwards each connection to one of the service's replicas (round-robin over the running,
 * not-unhealthy replicas on any node, by container address), counting traffic as it passes. Its
 * picture of the cluster arrives with the engine's network snapshots ({@link #update}); a
 * connection no replica can take is held until the next picture, for at most a short wait.
 * Listeners use SO_REUSEPORT so that several agents on one machine can share a port. Resources are
 * bounded: at most {@code maxConnections} proxied connections (two pool threads each).
 */
public final class MeshProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MeshProxy.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  /** What one listener forwards to: a service's replicas on one container port. */
  record Target(String deployment, String service, int containerPort, List<MeshReplica> replicas) {
    Target {
      replicas = List.copyOf(replicas);
    }
  }

  private final class Listener implements Runnable {
    private final ServerSocket socket;
    private final AtomicReference<Target> target;
    private final AtomicInteger next = new AtomicInteger();

    Listener(ServerSocket socket, Target target) {
      this.socket = socket;
      this.target = new AtomicReference<>(target);
    }

    @Override
    public void run() {
      while (!socket.isClosed()) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException e) {
          if (!socket.isClosed()) {
            log.warn("mesh port {} failed to accept: {}", socket.getLocalPort(), e.getMessage());
          }
          continue;
        }
        try {
          // Connecting (and waiting for replicas) happens off this thread: one slow replica
          // must not hold up the port's other clients.
          pool.execute(() -> handle(client));
        } catch (RejectedExecutionException e) {
          // Over the connection bound: refuse rather than queue.
          Target t = target.get();
          meters.service(t.deployment(), t.service()).proxyError();
          ProxiedConnection.closeQuietly(client);
        }
      }
    }

    private void handle(Socket client) {
      Target t = target.get();
      Socket upstream = connect(t);
      long deadline = System.nanoTime() + replicaWait.toNanos();
      // No replica takes the connection (none yet, just after a deploy, or the known ones have
      // gone): hold the client while the engine's next picture may bring one, rather than
      // refusing a client that would succeed a moment later.
      while (upstream == null && awaitUpdate(deadline)) {
        t = target.get();
        upstream = connect(t);
      }
      ServiceTrafficMeters.Service m = meters.service(t.deployment(), t.service());
      if (upstream == null) {
        m.proxyError();
        ProxiedConnection.closeQuietly(client);
        return;
      }
      try {
        new ProxiedConnection(client, upstream, m).start(pool);
      } catch (RejectedExecutionException | IOException e) {
        // Over the connection bound (or a socket already gone): refuse rather than queue.
        m.proxyError();
        ProxiedConnection.closeQuietly(client);
        ProxiedConnection.closeQuietly(upstream);
      }
    }

    private Socket connect(Target t) {
      int n = t.replicas().size();
      for (int i = 0; i < n; i++) {
        MeshReplica r = t.replicas().get(Math.floorMod(next.getAndIncrement(), n));
        Socket s = new Socket();
        try {
          s.connect(
              new InetSocketAddress(r.getAddress(), t.containerPort()), CONNECT_TIMEOUT_MILLIS);
          return s;
        } catch (IOException e) {
          ProxiedConnection.closeQuietly(s);
          log.debug(
              "mesh: replica {} of {} refused: {}", r.getReplica(), t.service(), e.getMessage());
        }
      }
      return null;
    }
  }

  private final String listenAddress;
  private final ServiceTrafficMeters meters;
  private final Duration replicaWait;
  private final ThreadPoolExecutor pool;
  private final Map<Integer, Listener> listeners = new HashMap<>();
  private final Object updates = new Object();
  private long generation;
  private List<MeshService> last = List.of();
  private volatile boolean closed;

  /**
   * {@code replicaWait}: how long a connection that no replica takes is held for the next update
   * before it is closed (counted as a 5xx).
   */
  public MeshProxy(
      String listenAddress, ServiceTrafficMeters meters, int maxConnections, Duration replicaWait) {
    this.listenAddress = listenAddress;
    this.meters = meters;
    this.replicaWait = replicaWait;
    AtomicInteger ids = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            0,
            // Two copy loops per connection, and the accepted connections still connecting.
            3 * maxConnections,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "mesh-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Makes the listeners match {@code services}: opens new ports, retargets, closes old ones. */
  public synchronized void update(List<MeshService> services) {
    if (closed) {
      return;
    }
    last = List.copyOf(services);
    Map<Integer, Target> wanted = new HashMap<>();
    Map<Integer, String> hosts = new HashMap<>();
    Set<String> keep = new HashSet<>();
    for (MeshService s : services) {
      keep.add(s.getDeployment() + "/" + s.getService());
      // Created before any traffic, so the first samples read zero and rates start from there.
      meters.service(s.getDeployment(), s.getService());
      for (MeshPort p : s.getPortsList()) {
        Target t =
            new Target(
                s.getDeployment(), s.getService(), p.getContainerPort(), s.getReplicasList());
        if (wanted.putIfAbsent(p.getHostPort(), t) != null) {
          log.warn(
              "mesh: port {} is published by two services; {} does not get it",
              p.getHostPort(),
              s.getService());
        }
        hosts.putIfAbsent(p.getHostPort(), p.getHostIp().isEmpty() ? listenAddress : p.getHostIp());
      }
    }
    listeners
        .entrySet()
        .removeIf(
            e -> {
              if (wanted.containsKey(e.getKey())) {
                return false;
              }
              closeQuietly(e.getValue().socket);
              log.info("mesh: closed port {}", e.getKey());
              return true;
            });
    wanted.forEach(
        (port, target) -> {
          Listener existing = listeners.get(port);
          if (existing != null) {
            existing.target.set(target);
            return;
          }
          open(hosts.get(port), port, target);
        });
    meters.retain(keep);
    synchronized (updates) {
      generation++;
      updates.notifyAll();
    }
  }

  /**
   * Retries the ports that could not be opened (held by an old container or another process):
   * updates only come when the cluster changes, so this is called on a timer.
   */
  public synchronized void reopenFailed() {
    if (!closed && listeners.size() < wantedPorts(last)) {
      update(last);
    }
  }

  private static long wantedPorts(List<MeshService> services) {
    return services.stream()
        .flatMap(s -> s.getPortsList().stream())
        .map(MeshPort::getHostPort)
        .distinct()
        .count();
  }

  /** Waits for the next {@link #update} until {@code deadline}; false once the deadline passed. */
  private boolean awaitUpdate(long deadline) {
    synchronized (updates) {
      long seen = generation;
      long left;
      while (generation == seen && !closed && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(updates, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return generation != seen && !closed;
    }
  }

  private void open(String host, int port, Target target) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port), 128);
      Listener l = new Listener(socket, target);
      listeners.put(port, l);
      Thread t = new Thread(l, "mesh-accept-" + port);
      t.setDaemon(true);
      t.start();
      log.info("mesh: {}:{} forwards to {}/{}", host, port, target.deployment(), target.service());
    } catch (IOException | UnsupportedOperationException e) {
      // Retried on the next update (the port may be held by an old container until it goes).
      log.warn("mesh: cannot listen on {}:{}: {}", host, port, e.getMessage());
    }
  }

  /** The ports it listens on now. */
  public synchronized Set<Integer> ports() {
    return Set.copyOf(listeners.keySet());
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    synchronized (updates) {
      updates.notifyAll();
    }
    listeners.values().forEach(l -> closeQuietly(l.socket));
    listeners.clear();
    pool.shutdownNow();
  }
}
