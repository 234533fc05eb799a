package dev.banyan.agent.mesh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection forwarded to one replica: two copy loops (one per direction) on the mesh's
 * bounded pool. The client's first bytes decide whether it is HTTP/1.x (then requests and responses
 * are counted as they pass) or plain TCP (one connection counted).
 */
final class ProxiedConnection {
  private static final int UNDECIDED = 0;
  private static final int HTTP = 1;
  private static final int TCP = 2;
  private static final int BUFFER = 16 * 1024;
  private static final int IDLE_MILLIS = 300_000;

  private record Pending(String method, long startNanos) {}

  private final Socket client;
  private final Socket upstream;
  private final ServiceTrafficMeters.Service meters;
  private final AtomicInteger mode = new AtomicInteger(UNDECIDED);
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger open = new AtomicInteger(2);

  ProxiedConnection(Socket client, Socket upstream, ServiceTrafficMeters.Service meters) {
    this.client = client;
    this.upstream = upstream;
    this.meters = meters;
  }

  /** Starts both directions; the sockets are closed when both have ended. */
  void start(ExecutorService pool) throws IOException {
    // An idle connection holds two pool threads: bound how long.
    client.setSoTimeout(IDLE_MILLIS);
    upstream.setSoTimeout(IDLE_MILLIS);
    pool.execute(this::clientToUpstream);
    try {
      pool.execute(this::upstreamToClient);
    } catch (RejectedExecutionException e) {
      // The first direction is running: closing the sockets ends it.
      closeQuietly(client);
      closeQuietly(upstream);
      throw e;
    }
  }

  private void decide(int m) {
    if (mode.compareAndSet(UNDECIDED, m) && m == TCP) {
      meters.tcpConnection();
    }
  }

  private void clientToUpstream() {
    HttpStreamParser requests =
        new HttpStreamParser(
            HttpStreamParser.Direction.REQUESTS,
            () -> "",
            new HttpStreamParser.Listener() {
              @Override
              public void onRequest(String method) {
                pending.add(new Pending(method, System.nanoTime()));
                meters.httpRequest();
              }
            });
    byte[] buf = new byte[BUFFER];
    // The streams are not closed here: closing one closes its socket for the other direction too.
    try {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        if (mode.get() == UNDECIDED) {
          decide(HttpDetector.looksLikeRequest(buf, n) ? HTTP : TCP);
        }
        if (mode.get() == HTTP && !requests.opaque()) {
          requests.feed(buf, 0, n);
        }
        meters.bytesIn(n);
        out.write(buf, 0, n);
        out.flush();
      }
      upstream.shutdownOutput();
    } catch (IOException e) {
      // A reset or closed peer ends the connection; nothing to report.
    } finally {
      ended();
    }
  }

  private void upstreamToClient() {
    HttpStreamParser responses =
        new HttpStreamParser(
            HttpStreamParser.Direction.RESPONSES,
            () -> {
              Pending p = pending.peek();
              return p == null ? "" : p.method();
            },
            new HttpStreamParser.Listener() {
              @Override
              public void onResponse(int status) {
                Pending p = pending.poll();
                meters.response(status, p == null ? -1 : System.nanoTime() - p.startNanos());
              }
            });
    byte[] buf = new byte[BUFFER];
    try {
      InputStream in = upstream.getInputStream();
      OutputStream out = client.getOutputStream();
      int n;
      while ((n = in.read(buf)) > 0) {
        // A server that speaks first is not HTTP.
        decide(TCP);
        if (mode.get() == HTTP && !responses.opaque()) {
          responses.feed(buf, 0, n);
        }
        meters.bytesOut(n);
        out.write(buf, 0, n);
        out.flush();
      }
      client.shutdownOutput();
    } catch (IOException e) {
      // As above.
    } finally {
      if (mode.get() == HTTP) {
        // Requests the replica never answered (it closed or reset the connection).
        while (pending.poll() != null) {
          meters.proxyError();
        }
      }
      ended();
    }
  }

  private void ended() {
    if (open.decrementAndGet() == 0) {
      closeQuietly(client);
      closeQuietly(upstream);
    } else {
      // Half-closed: give the other direction a bounded time to finish.
      try {
        client.setSoTimeout(60_000);
        upstream.setSoTimeout(60_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    }
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
