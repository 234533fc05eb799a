package dev.banyan.vpc.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandExecutorTest {
  private final ProcessCommandExecutor exec = new ProcessCommandExecutor(Duration.ofSeconds(5));

  @Test
  void capturesOutputAndExitCode() {
    CommandResult r = exec.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThatThrownBy(r::orThrow)
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("exited with 3: err");
  }

  @Test
  void missingBinaryIsAFailedResult() {
    assertThat(exec.run(List.of("/nonexistent/banyan-tool")).exitCode()).isEqualTo(127);
  }

  @Test
  void slowCommandTimesOut() {
    CommandResult r = new ProcessCommandExecutor(Duration.ofMillis(300)).run(List.of("sleep", "5"));
    assertThat(r.exitCode()).isEqualTo(124);
  }
}
