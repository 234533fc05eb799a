package dev.banyan.engine.testing;

import dev.banyan.engine.store.EtcdClusterStore;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd ({@code /usr/bin/etcd}) on free loopback ports with a temporary data directory, one
 * per test class: started before the first test, killed and deleted after the last.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
  private Path dataDir;
  private int clientPort;
  private int peerPort;
  private Process process;
  private final List<EtcdClusterStore> stores = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("banyan-etcd-");
    clientPort = freePort();
    peerPort = freePort();
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      stores.forEach(EtcdClusterStore::close);
      stores.clear();
    } finally {
      kill();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
    Files.deleteIfExists(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
  }

  /** The client URL. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** A store on this etcd with a short retry budget; closed after the class. */
  public synchronized EtcdClusterStore newStore() {
    EtcdClusterStore store = EtcdClusterStore.connect(List.of(endpoint()));
    stores.add(store);
    return store;
  }

  /** Starts etcd on the same ports and data directory (after {@link #kill()}). */
  public void start() throws IOException, InterruptedException {
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    Process started =
        new ProcessBuilder(
                "/usr/bin/etcd",
                "--name=test",
                "--data-dir=" + dataDir.resolve("data"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=test=" + peer,
                "--log-level=warn")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    process = started;
    // Even if a test run is killed, etcd goes with the JVM.
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!listening()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("etcd did not start; see " + log);
      }
      Thread.sleep(50);
    }
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
