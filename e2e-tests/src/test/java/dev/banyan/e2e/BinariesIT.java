package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  /**
   * The CLI's first run writes a class-data archive that later runs map, and the archive holds the
   * command-line parser's classes: picocli is compiled for Java 5, and JDK 17 leaves such classes
   * out of the simpler dynamic archive, which cost a fifth of every command (docs/cli.md).
   */
  @Test
  void cliStartsFromAClassDataArchiveThatHoldsThePicocliClasses(@TempDir Path cache)
      throws IOException {
    Map<String, String> env = Map.of("BANYAN_CACHE_DIR", cache.toString());
    ProcessResult first = Binaries.run("banyan-cli", List.of("--version"), env, null);
    assertThat(first.exitCode()).isZero();
    try (Stream<Path> files = Files.list(cache)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .singleElement()
          .satisfies(name -> assertThat(name).endsWith(".jsa"));
    }

    // -Xshare:on makes an unusable archive an error instead of a silent slow start.
    ProcessResult later =
        Binaries.run(
            "banyan-cli",
            List.of("--version"),
            Map.of(
                "BANYAN_CACHE_DIR",
                cache.toString(),
                "BANYAN_JAVA_OPTS",
                "-Xshare:on -Xlog:class+load=info:stdout"),
            null);
    assertThat(later.exitCode()).as(later.stderr()).isZero();
    assertThat(later.stdout())
        .contains("picocli.CommandLine source: shared objects file")
        .contains("dev.banyan.cli.CliMain source: shared objects file");
  }
}
