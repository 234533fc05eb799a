package dev.banyan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineMainTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("banyan.yaml");
    Files.writeString(config, "security:\n  password: engine-main-test-password\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
  }

  /** Runs the engine's main path and returns its exit code and what it printed on stderr. */
  private Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = EngineMain.run(all.toArray(String[]::new), Map.of());
      return new Result(code, err.toString(StandardCharsets.UTF_8).strip());
    } finally {
      System.setErr(original);
    }
  }

  private record Result(int code, String err) {}

  @Test
  void etcdTlsFilesWithoutEndpointsAreOneSentence() {
    Result r = run("--listen", "127.0.0.1:0", "--etcd-ca-file", dir.resolve("ca.pem").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error: --etcd-ca-file, --etcd-cert-file and --etcd-key-file are for an external etcd;"
                + " pass its --etcd-endpoints too")
        .doesNotContain("Exception");
  }

  @Test
  void withoutEndpointsAnEmbeddedEtcdOnATakenPortIsOneSentence() throws IOException {
    int peer;
    try (ServerSocket free = new ServerSocket(0)) {
      peer = free.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r =
          run(
              "--listen",
              "127.0.0.1:0",
              "--data-dir",
              dir.resolve("engine").toString(),
              "--embedded-etcd-port",
              String.valueOf(taken.getLocalPort()),
              "--embedded-etcd-peer-port",
              String.valueOf(peer));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .startsWith(
              "error: port " + taken.getLocalPort() + " for the embedded etcd is already in use")
          .contains("--embedded-etcd-port")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aNodeTimeoutShorterThanTheHeartbeatIsRejected() {
    Result r =
        run(
            "--etcd-endpoints",
            "http://127.0.0.1:1",
            "--heartbeat-period",
            "5s",
            "--node-timeout",
            "2s");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("--node-timeout must be longer than --heartbeat-period");
  }
}
