package dev.banyan.vpc.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * The node's DNS server for its containers, over UDP and TCP on one address and port: answers
 * Banyan service names from a {@link ServiceDirectory} (see {@link ServiceNameResolver} for the
 * rules) and forwards every other name to the host's resolvers.
 *
 * <p>Wiring (agent): after {@code BridgeInterface.ensure(net)},
 *
 * <pre>{@code
 * var listen = new InetSocketAddress(spec.dnsServer(), 53);
 * var directory = new AtomicServiceDirectory(ServiceCatalog.empty());
 * var forwarder = new UpstreamForwarder(
 *     UpstreamForwarder.readResolvConf(Path.of("/etc/resolv.conf"), listen), Duration.ofSeconds(3));
 * var dns = new ServiceDnsServer(listen, directory, forwarder, Duration.ofSeconds(2));
 * dns.start();   // dns.close() on shutdown
 * // on every change the engine reports: directory.replace(newCatalog)
 * }</pre>
 */
public final class ServiceDnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServiceDnsServer.class);
  private static final int MAX_UDP = 65_535;

  private final InetSocketAddress requested;
  private final DnsResponder responder;
  private final Duration forwardBudget;
  private final ExecutorService workers;
  private DatagramSocket udp;
  private ServerSocket tcp;

  /**
   * @param listen address and port to serve on (port 0 picks a free one, for tests)
   * @param directory where the current services come from
   * @param forwarder where other names go
   * @param ttl TTL of Banyan answers (and of negative answers); 2 s keeps clients within 2 s of a
   *     change
   */
  public ServiceDnsServer(
      InetSocketAddress listen,
      ServiceDirectory directory,
      UpstreamForwarder forwarder,
      Duration ttl) {
    this.requested = listen;
    this.responder = new DnsResponder(directory, forwarder, ttl);
    // A little more than the forwarder's own deadline: TCP clients wait on it synchronously.
    this.forwardBudget = Duration.ofSeconds(10);
    this.workers =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "banyan-dns-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /** Binds UDP and TCP and starts serving; returns the bound address (useful with port 0). */
  public synchronized InetSocketAddress start() throws IOException {
    bind();
    startThread("banyan-dns-udp", this::serveUdp);
    startThread("banyan-dns-tcp", this::serveTcp);
    log.info("DNS server listening on {} (udp+tcp)", address());
    return address();
  }

  /** The address and port the server listens on. */
  public synchronized InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
  }

  private void bind() throws IOException {
    IOException last = null;
    // With port 0, UDP picks the port and TCP must get the same one; retry if it is taken.
    for (int attempt = 0; attempt < 20; attempt++) {
      DatagramSocket u = new DatagramSocket(requested);
      try {
        ServerSocket t = new ServerSocket();
        t.setReuseAddress(true);
        t.bind(new InetSocketAddress(requested.getAddress(), u.getLocalPort()), 64);
        udp = u;
        tcp = t;
        return;
      } catch (IOException e) {
        u.close();
        last = e;
        if (requested.getPort() != 0) {
          break;
        }
      }
    }
    throw last;
  }

  private void serveUdp() {
    byte[] buffer = new byte[MAX_UDP];
    while (!udp.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!udp.isClosed()) {
          log.warn("UDP receive failed", e);
        }
        continue;
      }
      byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      workers.execute(() -> answerUdp(data, client));
    }
  }

  private void answerUdp(byte[] data, InetSocketAddress client) {
    Message query;
    try {
      query = new Message(data);
    } catch (IOException e) {
      log.debug("ignoring malformed UDP query from {}", client);
      return;
    }
    // Completes on the forwarder's thread for forwarded names; failures become SERVFAIL before.
    var unused =
        responder
            .respond(query, clientAddress(client.getAddress()))
            .thenAccept(
                response -> {
                  byte[] wire = response.toWire(DnsResponder.maxUdpSize(query));
                  try {
                    udp.send(new DatagramPacket(wire, wire.length, client));
                  } catch (IOException e) {
                    log.debug("could not answer {}", client, e);
                  }
                });
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket socket = tcp.accept();
        workers.execute(() -> serveTcpConnection(socket));
      } catch (IOException e) {
        if (!tcp.isClosed()) {
          log.warn("TCP accept failed", e);
        }
      }
    }
  }

  private void serveTcpConnection(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (true) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException e) {
          return;
        }
        byte[] data = new byte[length];
        in.readFully(data);
        Message query = new Message(data);
        Message response =
            responder
                .respond(query, clientAddress(socket.getInetAddress()))
                .get(forwardBudget.toMillis(), TimeUnit.MILLISECONDS);
        byte[] wire = response.toWire();
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
      }
    } catch (SocketException e) {
      log.debug("TCP client went away", e);
    } catch (IOException | ExecutionException | TimeoutException e) {
      log.debug("TCP DNS connection ended", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Inet4Address> clientAddress(InetAddress address) {
    return address instanceof Inet4Address v4 ? Optional.of(v4) : Optional.empty();
  }

  private static void startThread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  /** Stops serving and frees the port. */
  @Override
  public synchronized void close() {
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      try {
        tcp.close();
      } catch (IOException e) {
        log.debug("closing the TCP socket failed", e);
      }
    }
    workers.shutdownNow();
  }
}
