package dev.banyan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.common.cli.Commands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineMainTest {
  @Test
  void withoutEtcdEndpointsFailsWithOneSentence() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Commands.create(new EngineMain());
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute("--listen", "127.0.0.1:0");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: no etcd to store state in; pass --etcd-endpoints http://HOST:2379 (an embedded"
                + " etcd is not available yet)")
        .doesNotContain("Exception");
  }

  @Test
  void aNodeTimeoutShorterThanTheHeartbeatIsRejected() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Commands.create(new EngineMain());
    cmd.setErr(new PrintWriter(err));
    int code =
        cmd.execute(
            "--etcd-endpoints",
            "http://127.0.0.1:1",
            "--heartbeat-period",
            "5s",
            "--node-timeout",
            "2s");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--node-timeout must be longer than --heartbeat-period");
  }

  @Test
  void parsesDurations() {
    assertThat(EngineMain.duration("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(EngineMain.duration("--x", "6s")).isEqualTo(Duration.ofSeconds(6));
    assertThat(EngineMain.duration("--x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(EngineMain.duration("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(EngineMain.duration("--x", "PT3S")).isEqualTo(Duration.ofSeconds(3));
  }
}
