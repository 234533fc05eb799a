package dev.banyan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the subcommand a run names is built, yet help and typos see every command. */
class CliMainTest {
  private static final int ALL = 15; // with the hidden __cds-training

  @Test
  void aRunThatNamesACommandBuildsOnlyThatOne() {
    assertThat(CliMain.commandLine(new String[] {"status", "shop"}).getSubcommands())
        .containsOnlyKeys("status");
    assertThat(
            CliMain.commandLine(new String[] {"--config", "/tmp/x.yaml", "nodes", "drain", "n1"})
                .getSubcommands())
        .containsOnlyKeys("nodes");
  }

  @Test
  void helpAndRunsWithoutACommandSeeThemAll() {
    assertThat(CliMain.commandLine(new String[0]).getSubcommands()).hasSize(ALL);
    assertThat(CliMain.commandLine(new String[] {"--help"}).getSubcommands()).hasSize(ALL);
    assertThat(CliMain.commandLine(new String[] {"help", "status"}).getSubcommands()).hasSize(ALL);
  }

  @Test
  void aMistypedCommandIsStillCorrectedAgainstEveryCommand() {
    StringWriter err = new StringWriter();
    CommandLine cmd = CliMain.commandLine(new String[] {"stauts"});
    cmd.setErr(new PrintWriter(err));

    int code = cmd.execute("stauts");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("status");
  }

  @Test
  void theSubcommandsSettingsApplyToTheOneBuilt() {
    // Case-insensitive enum values are a setting of the whole command tree.
    CommandLine cmd = CliMain.commandLine(new String[] {"nodes"});
    assertThat(cmd.getSubcommands().get("nodes").isCaseInsensitiveEnumValuesAllowed()).isTrue();
    assertThat(Map.copyOf(cmd.getSubcommands())).hasSize(1);
  }
}
