package dev.banyan.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandsTest {
  @Command(name = "tool", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
  static final class Tool implements Callable<Integer> {
    @Option(names = "--fail")
    String fail;

    @Override
    public Integer call() {
      if ("user".equals(fail)) {
        throw new UserError("the file x is missing; create it.", ExitCodes.UNAVAILABLE);
      }
      if ("bug".equals(fail)) {
        throw new IllegalStateException("boom");
      }
      return 0;
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Commands.create(new Tool());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void badFlagIsOneSentenceWithExitCode2() {
    Run run = run("--nope");
    assertThat(run.code()).isEqualTo(ExitCodes.BAD_USAGE);
    assertThat(run.err())
        .isEqualTo("error: unknown option: '--nope'; run 'tool --help' for usage.\n");
  }

  @Test
  void userErrorPrintsItsSentenceAndExitCode() {
    Run run = run("--fail", "user");
    assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.err()).isEqualTo("error: the file x is missing; create it.\n");
  }

  @Test
  void unexpectedFailureHasNoStackTrace() {
    Run run = run("--fail", "bug");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("error: IllegalStateException: boom (this is a bug")
        .doesNotContain("\tat ");
  }

  @Test
  void versionNamesTheBuild() {
    Run run = run("--version");
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("tool " + dev.banyan.common.BanyanVersion.get());
    assertThat(dev.banyan.common.BanyanVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
