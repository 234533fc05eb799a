package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ProcessResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three wrappers in bin/ run the shaded jars from any directory and answer like tools should.
 */
class BinariesIT {
  @ParameterizedTest
  @ValueSource(strings = {"banyan-engine", "banyan-agent", "banyan-cli"})
  void helpVersionAndBadFlag(String binary) {
    ProcessResult help = Binaries.run(binary, List.of("--help"));
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("Usage: " + binary);

    ProcessResult version = Binaries.run(binary, List.of("--version"));
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith(binary + " ");

    ProcessResult bad = Binaries.run(binary, List.of("--no-such-flag"));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr().strip())
        .startsWith("error: ")
        .doesNotContain("\tat ")
        .doesNotContain("\n");
    assertThat(bad.stderr()).contains("--help");
  }
}
