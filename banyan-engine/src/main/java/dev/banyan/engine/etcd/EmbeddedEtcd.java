package dev.banyan.engine.etcd;

import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-member etcd that the engine starts as a child process when no external etcd is
 * configured: loopback only, data under the engine's data directory, restarted with back-off when
 * it dies, and stopped (SIGTERM, then SIGKILL) with the engine.
 */
public final class EmbeddedEtcd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedEtcd.class);

  /**
   * How to run the embedded etcd. {@code dataDir} holds the member's data; {@code binary} is looked
   * up on the PATH unless it contains a slash.
   */
  public record Settings(
      String binary,
      Path dataDir,
      int clientPort,
      int peerPort,
      Duration startTimeout,
      Duration minBackoff,
      Duration maxBackoff,
      Duration stopTimeout) {
    /** The engine's defaults: {@code etcd} from the PATH, back-off from 1 s up to 30 s. */
    public static Settings of(Path dataDir, int clientPort, int peerPort) {
      return new Settings(
          "etcd",
          dataDir,
          clientPort,
          peerPort,
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10));
    }
  }

  private final Settings settings;
  private final Path logFile;
  private final Path pidFile;
  private final Object lock = new Object();
  private Process process;
  private boolean stopping;
  private Thread supervisor;
  private int restarts;

  public EmbeddedEtcd(Settings settings) {
    this.settings = settings;
    Path parent = settings.dataDir().toAbsolutePath().getParent();
    this.logFile = parent.resolve("etcd.log");
    this.pidFile = parent.resolve("etcd.pid");
  }

  /** The client URL the engine's store connects to. */
  public String clientUrl() {
    return "http://127.0.0.1:" + settings.clientPort();
  }

  /** Where etcd's own output goes. */
  public Path logFile() {
    return logFile;
  }

  /** The current etcd process id, if one runs. */
  public Optional<Long> pid() {
    synchronized (lock) {
      return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }
  }

  /** How often etcd was restarted after dying. */
  public int restarts() {
    synchronized (lock) {
      return restarts;
    }
  }

  /**
   * Starts etcd and waits until it answers on its client port; then watches it and restarts it
   * whenever it dies. Fails with a {@link UserError} when etcd cannot start.
   */
  public EmbeddedEtcd start() {
    try {
      Files.createDirectories(settings.dataDir().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    killLeftover();
    // Something else answering on the port would look like our etcd being up.
    requireFree(settings.clientPort());
    requireFree(settings.peerPort());
    synchronized (lock) {
      process = launch();
    }
    awaitListening(process);
    log.info(
        "embedded etcd started (pid {}, {}, data in {}, log in {})",
        process.pid(),
        clientUrl(),
        settings.dataDir(),
        logFile);
    supervisor = new Thread(this::supervise, "embedded-etcd-supervisor");
    supervisor.setDaemon(true);
    supervisor.start();
    return this;
  }

  private void supervise() {
    Duration backoff = settings.minBackoff();
    while (true) {
      Process current;
      synchronized (lock) {
        current = process;
      }
      long startedAt = System.nanoTime();
      int code = waitUninterruptibly(current);
      synchronized (lock) {
        if (stopping) {
          return;
        }
      }
      // A member that ran for a while before dying starts again from the shortest back-off.
      if (Duration.ofNanos(System.nanoTime() - startedAt).compareTo(Duration.ofSeconds(60)) > 0) {
        backoff = settings.minBackoff();
      }
      log.warn(
          "embedded etcd (pid {}) exited with code {}; restarting it in {} ms (see {})",
          current.pid(),
          code,
          backoff.toMillis(),
          logFile);
      if (!pause(backoff)) {
        return;
      }
      synchronized (lock) {
        if (stopping) {
          return;
        }
        try {
          process = launch();
          restarts++;
          log.info("embedded etcd restarted (pid {})", process.pid());
        } catch (RuntimeException e) {
          // The dead process stays current, so the loop comes straight back here after a pause.
          log.error("embedded etcd could not be restarted: {}", e.getMessage());
        }
      }
      backoff = backoff.multipliedBy(2);
      if (backoff.compareTo(settings.maxBackoff()) > 0) {
        backoff = settings.maxBackoff();
      }
    }
  }

  private boolean pause(Duration backoff) {
    synchronized (lock) {
      long deadline = System.nanoTime() + backoff.toNanos();
      while (!stopping) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    }
  }

  private static int waitUninterruptibly(Process p) {
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        // The supervisor only stops when told to; the exit is what it waits for.
      }
    }
  }

  private Process launch() {
    String name = "banyan";
    String client = clientUrl();
    String peer = "http://127.0.0.1:" + settings.peerPort();
    List<String> command =
        List.of(
            settings.binary(),
            "--name=" + name,
            "--data-dir=" + settings.dataDir().toAbsolutePath(),
            "--listen-client-urls=" + client,
            "--advertise-client-urls=" + client,
            "--listen-peer-urls=" + peer,
            "--initial-advertise-peer-urls=" + peer,
            "--initial-cluster=" + name + "=" + peer,
            "--initial-cluster-state=new");
    try {
      Files.writeString(
          logFile,
          "=== " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Process started =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Files.writeString(pidFile, started.pid() + "\n", StandardCharsets.UTF_8);
      return started;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("No such file")) {
        throw new UserError(
            "cannot run '"
                + settings.binary()
                + "' for the embedded etcd: it is not installed; install etcd (apt-get install"
                + " etcd-server) or pass --etcd-endpoints",
            e);
      }
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening(Process p) {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (!listening()) {
      if (!p.isAlive()) {
        throw new UserError(
            "the embedded etcd exited at start (is port "
                + settings.clientPort()
                + " or "
                + settings.peerPort()
                + " in use?); see "
                + logFile
                + ", or choose other ports with --embedded-etcd-port and"
                + " --embedded-etcd-peer-port");
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new UserError(
            "the embedded etcd did not answer on port "
                + settings.clientPort()
                + " within "
                + settings.startTimeout().toSeconds()
                + " s; see "
                + logFile);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting etcd", e);
      }
    }
  }

  private void requireFree(int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UserError(
          "port "
              + port
              + " for the embedded etcd is already in use (another etcd, e.g. Debian's etcd"
              + " service?); stop it, or choose other ports with --embedded-etcd-port and"
              + " --embedded-etcd-peer-port, or use that etcd with --etcd-endpoints",
          e);
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.clientPort()), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * An engine killed with SIGKILL leaves its etcd running; the next engine on the same data
   * directory stops that orphan instead of failing on the taken ports.
   */
  private void killLeftover() {
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent() && isOurEtcd(handle.get())) {
        log.warn("stopping the embedded etcd left running by a previous engine (pid {})", pid);
        terminate(handle.get());
      }
    } catch (IOException | NumberFormatException e) {
      log.debug("ignoring unreadable {}: {}", pidFile, e.getMessage());
    }
  }

  private boolean isOurEtcd(ProcessHandle handle) {
    String dataDirArg = "--data-dir=" + settings.dataDir().toAbsolutePath();
    return handle.info().arguments().map(args -> List.of(args).contains(dataDirArg)).orElse(false);
  }

  private void terminate(ProcessHandle handle) {
    handle.destroy();
    try {
      handle
          .onExit()
          .get(settings.stopTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      log.warn("etcd (pid {}) ignored SIGTERM; killing it", handle.pid());
      handle.destroyForcibly();
      handle.onExit().join();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    }
  }

  /** Stops etcd: SIGTERM, then SIGKILL after the stop timeout; no restart follows. Idempotent. */
  @Override
  public void close() {
    Process current;
    synchronized (lock) {
      if (stopping && process == null) {
        return;
      }
      stopping = true;
      lock.notifyAll();
      current = process;
      process = null;
    }
    if (current != null && current.isAlive()) {
      terminate(current.toHandle());
      log.info("embedded etcd stopped");
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      log.debug("could not delete {}: {}", pidFile, e.getMessage());
    }
  }
}
