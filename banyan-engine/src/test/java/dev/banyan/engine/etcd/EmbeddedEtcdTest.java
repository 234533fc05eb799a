package dev.banyan.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import dev.banyan.engine.store.EtcdClusterStore;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.proto.v1.Node;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's embedded etcd as a real child process: start, crash and restart, stop. */
class EmbeddedEtcdTest {
  private Path dir;
  private EmbeddedEtcd etcd;
  private final List<EmbeddedEtcd> started = new java.util.ArrayList<>();

  @BeforeEach
  void createDir() throws IOException {
    dir = Files.createTempDirectory("banyan-embedded-etcd-");
  }

  @AfterEach
  void cleanUp() throws IOException {
    // Every supervisor this test created, even when an assertion failed half-way.
    started.forEach(EmbeddedEtcd::close);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
    }
  }

  private EmbeddedEtcd track(EmbeddedEtcd supervisor) {
    started.add(supervisor);
    return supervisor;
  }

  private EmbeddedEtcd.Settings settings(int clientPort, int peerPort) {
    return new EmbeddedEtcd.Settings(
        "etcd",
        dir.resolve("etcd"),
        clientPort,
        peerPort,
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }

  @Test
  void aKilledEtcdComesBackAndTheStoreKeepsWorking() throws Exception {
    etcd = track(new EmbeddedEtcd(settings(freePort(), freePort()))).start();
    long firstPid = etcd.pid().orElseThrow();
    try (EtcdClusterStore store = EtcdClusterStore.connect(List.of(etcd.clientUrl()))) {
      StoreKey key = StoreKey.node("n1");
      store.commit(List.of(StoreOp.put(key, Node.newBuilder().setName("n1").build(), StoreOp.ANY)));

      ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // kill -9

      Awaitility.await("etcd restarted")
          .atMost(Duration.ofSeconds(20))
          .until(() -> etcd.pid().filter(pid -> pid != firstPid).isPresent());
      assertThat(etcd.restarts()).isEqualTo(1);
      // The data survived the crash, and writes work again through the same client.
      assertThat(store.get(key)).isPresent();
      store.commit(
          List.of(
              StoreOp.put(
                  StoreKey.node("n2"), Node.newBuilder().setName("n2").build(), StoreOp.ANY)));
      assertThat(store.get(StoreKey.node("n2"))).isPresent();
    }
    assertThat(Files.readString(etcd.logFile())).contains("--data-dir=" + dir.resolve("etcd"));

    long secondPid = etcd.pid().orElseThrow();
    etcd.close();
    assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(etcd.pid()).isEmpty();
    assertThat(etcdProcessesOn(dir)).isEmpty();
  }

  @Test
  void anEtcdLeftByAKilledEngineIsStoppedOnTheNextStart() throws Exception {
    int client = freePort();
    int peer = freePort();
    EmbeddedEtcd first = track(new EmbeddedEtcd(settings(client, peer))).start();
    long orphan = first.pid().orElseThrow();
    // An engine killed with SIGKILL never calls close(): the next one finds etcd still running.
    etcd = track(new EmbeddedEtcd(settings(client, peer))).start();
    assertThat(etcd.pid()).isPresent().get().isNotEqualTo(orphan);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    etcd.close();
    first.close(); // its supervisor must not bring the orphan back
    assertThat(etcdProcessesOn(dir)).isEmpty();
  }

  @Test
  void aTakenPortIsOneSentence() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      EmbeddedEtcd blocked = track(new EmbeddedEtcd(settings(taken.getLocalPort(), freePort())));
      assertThatThrownBy(blocked::start)
          .isInstanceOf(UserError.class)
          .hasMessageContaining(
              "port " + taken.getLocalPort() + " for the embedded etcd is already in use")
          .hasMessageContaining("--embedded-etcd-port");
      blocked.close();
    }
    assertThat(etcdProcessesOn(dir)).isEmpty();
  }

  @Test
  void aMissingBinaryIsOneSentence() {
    EmbeddedEtcd.Settings s = settings(1, 2);
    EmbeddedEtcd missing =
        track(
            new EmbeddedEtcd(
                new EmbeddedEtcd.Settings(
                    "/nonexistent/etcd",
                    s.dataDir(),
                    s.clientPort(),
                    s.peerPort(),
                    s.startTimeout(),
                    s.minBackoff(),
                    s.maxBackoff(),
                    s.stopTimeout())));
    assertThatThrownBy(missing::start)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not installed");
  }

  private static List<ProcessHandle> etcdProcessesOn(Path dir) {
    String arg = "--data-dir=" + dir.resolve("etcd");
    return ProcessHandle.allProcesses()
        .filter(p -> p.isAlive())
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(arg)).orElse(false))
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
