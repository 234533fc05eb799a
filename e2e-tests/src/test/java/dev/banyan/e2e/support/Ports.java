package dev.banyan.e2e.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for test processes.
 *
 * <p>Ports come from below the kernel's ephemeral range (32768–60999 by default), never from {@code
 * bind(0)}: a process is given its port a second or two before it binds it, and in that window any
 * outgoing connection on this machine (gRPC, etcd, podman) may take an ephemeral port as its local
 * port, and the process then fails to start. Each port is handed out once per test run.
 */
public final class Ports {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  private static final Set<Integer> handedOut = new HashSet<>();

  private Ports() {}

  public static synchronized int free() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
      if (!handedOut.contains(port) && bindable(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }

  private static boolean bindable(int port) {
    // The wildcard address: it conflicts with a listener on any address (the routing mesh binds
    // 0.0.0.0, everything else 127.0.0.1).
    try (ServerSocket any = new ServerSocket()) {
      any.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
