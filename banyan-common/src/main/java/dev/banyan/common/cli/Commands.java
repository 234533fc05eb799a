package dev.banyan.common.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Builds picocli command lines that report mistakes the same way in all three binaries: one
 * sentence on standard error naming the problem and where to look, never a stack trace.
 */
public final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  private Commands() {}

  /** A command line for {@code command} with Banyan's error handling installed. */
  public static CommandLine create(Object command) {
    return configure(new CommandLine(command));
  }

  /**
   * Applies the settings of {@link #create} to a command line built by the caller; picocli applies
   * them to the subcommands added so far, so call it after adding them.
   */
  public static CommandLine configure(CommandLine cmd) {
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler(Commands::onBadUsage);
    cmd.setExecutionExceptionHandler(Commands::onFailure);
    cmd.setExitCodeExceptionMapper(
        e -> e instanceof UserError u ? u.exitCode() : ExitCodes.USAGE_OR_FAILURE);
    return cmd;
  }

  /**
   * Runs {@code setUp} (reading the config file, typically), then the command; a {@link UserError}
   * from {@code setUp} is printed as one sentence and its exit code returned, as the command's own
   * errors are.
   */
  public static int execute(CommandLine cmd, String[] args, Consumer<CommandLine> setUp) {
    try {
      setUp.accept(cmd);
    } catch (UserError e) {
      cmd.getErr().println("error: " + e.getMessage());
      cmd.getErr().flush();
      return e.exitCode();
    }
    return cmd.execute(args);
  }

  private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String fix = "run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage";
    String guess = "";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      guess = " (did you mean '" + u.getSuggestions().get(0) + "'?)";
    }
    err.println("error: " + sentence(e.getMessage()) + guess + "; " + fix + ".");
    err.flush();
    return ExitCodes.BAD_USAGE;
  }

  private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (e instanceof UserError userError) {
      err.println("error: " + userError.getMessage());
      log.debug("user error", e);
      err.flush();
      return userError.exitCode();
    }
    log.debug("unexpected failure", e);
    err.println(
        "error: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + " (this is a bug in Banyan; run with BANYAN_LOG_LEVEL=debug for details and report it)");
    err.flush();
    return ExitCodes.USAGE_OR_FAILURE;
  }

  private static String sentence(String message) {
    String m = message == null ? "invalid command line" : message.strip();
    if (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }
}
