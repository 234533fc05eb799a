package dev.banyan.vpc.exec;

/** A command that had to succeed exited non-zero; the message carries its argv and stderr. */
public final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CommandResult result;

  public CommandFailedException(CommandResult result) {
    super(
        "'"
            + String.join(" ", result.argv())
            + "' exited with "
            + result.exitCode()
            + ": "
            + result.stderr().strip());
    this.result = result;
  }

  public CommandResult result() {
    return result;
  }
}
