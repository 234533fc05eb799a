package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code packaging/install.sh} staged under a DESTDIR, and the systemd units it installs checked by
 * {@code systemd-analyze verify} against that tree, where the units' ExecStart binaries exist.
 */
class SystemdUnitsIT {
  private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
  private Path stage;

  @BeforeEach
  void createStage() throws IOException {
    stage = Files.createTempDirectory("banyan-e2e-stage");
  }

  @AfterEach
  void deleteStage() throws IOException {
    TempDirs.delete(stage);
  }

  private ProcessResult install(String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add("bash");
    command.add(Binaries.home().resolve("packaging/install.sh").toString());
    command.addAll(List.of(args));
    return Binaries.exec(command, Map.of("DESTDIR", stage.toString()), null);
  }

  @Test
  void installLaysOutJarsWrappersAndUnitsAndIsIdempotent() throws IOException {
    ProcessResult first = install();
    assertThat(first.exitCode()).as(first.describe()).isZero();
    ProcessResult second = install();
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.stdout()).contains("nothing enabled");

    for (String binary : List.of("engine", "agent", "cli")) {
      assertThat(stage.resolve("opt/banyan/lib/banyan-" + binary + ".jar")).isRegularFile();
      assertThat(stage.resolve("opt/banyan/bin/banyan-" + binary)).isExecutable();
      Path link = stage.resolve("usr/local/bin/banyan-" + binary);
      assertThat(Files.isSymbolicLink(link)).isTrue();
      assertThat(Files.readSymbolicLink(link).toString())
          .isEqualTo("/opt/banyan/bin/banyan-" + binary);
    }
    assertThat(stage.resolve("etc/systemd/system/banyan-engine.service")).isRegularFile();
    assertThat(stage.resolve("etc/systemd/system/banyan-agent.service")).isRegularFile();
    assertThat(stage.resolve("opt/banyan/docs/install.md")).isRegularFile();
    assertThat(Files.getPosixFilePermissions(stage.resolve("etc/banyan")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    // Enabling creates wants/ links; under a DESTDIR nothing may be enabled.
    assertThat(stage.resolve("etc/systemd/system/multi-user.target.wants")).doesNotExist();
  }

  @Test
  void theInstalledWrapperRunsTheInstalledJar() {
    assertThat(install().exitCode()).isZero();
    ProcessResult version =
        Binaries.exec(
            List.of(stage.resolve("opt/banyan/bin/banyan-cli").toString(), "--version"),
            Map.of("BANYAN_HOME", stage.resolve("opt/banyan").toString()),
            null);
    assertThat(version.exitCode()).as(version.describe()).isZero();
    assertThat(version.stdout()).contains("banyan-cli");
  }

  @Test
  void systemdAnalyzeVerifyAcceptsTheUnits() throws IOException {
    assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
    assertThat(install().exitCode()).isZero();
    // The stock units (sysinit.target, ...) that every service depends on, as on a real system.
    copyTree(Path.of("/lib/systemd/system"), stage.resolve("usr/lib/systemd/system"));

    ProcessResult verify = verify();
    assertThat(verify.exitCode()).as(verify.describe()).isZero();
    // Unknown or malformed settings are only warnings: any output is a finding.
    assertThat(verify.stdout() + verify.stderr()).as(verify.describe()).isBlank();

    String agent = Files.readString(stage.resolve("etc/systemd/system/banyan-agent.service"));
    assertThat(agent)
        .contains("KillMode=process", "SuccessExitStatus=143", "Restart=on-failure")
        .contains("Environment=BANYAN_CONFIG=/etc/banyan/banyan.yaml", "LimitNOFILE=");
    String engine = Files.readString(stage.resolve("etc/systemd/system/banyan-engine.service"));
    assertThat(engine).contains("SuccessExitStatus=143", "Restart=on-failure");
  }

  @Test
  void verifyNoticesAMissingBinary() throws IOException {
    assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
    assertThat(install().exitCode()).isZero();
    copyTree(Path.of("/lib/systemd/system"), stage.resolve("usr/lib/systemd/system"));
    Files.delete(stage.resolve("opt/banyan/bin/banyan-engine"));
    ProcessResult verify = verify();
    assertThat(verify.exitCode()).isNotZero();
    assertThat(verify.stderr()).contains("/usr/local/bin/banyan-engine is not executable");
  }

  private ProcessResult verify() {
    return Binaries.exec(
        List.of(
            ANALYZE.toString(),
            "verify",
            "--root=" + stage,
            stage.resolve("etc/systemd/system/banyan-engine.service").toString(),
            stage.resolve("etc/systemd/system/banyan-agent.service").toString()),
        Map.of(),
        null);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isSymbolicLink(source)) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Files.readSymbolicLink(source));
        } else if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
