package dev.banyan.vpc.exec;

import java.util.List;

/**
 * What a finished command printed and how it exited.
 *
 * @param argv the command that ran
 * @param exitCode its exit status (0 is success)
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {
  public CommandResult {
    argv = List.copyOf(argv);
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Returns this result if the command succeeded, else throws {@link CommandFailedException}. */
  public CommandResult orThrow() {
    if (!succeeded()) {
      throw new CommandFailedException(this);
    }
    return this;
  }
}
