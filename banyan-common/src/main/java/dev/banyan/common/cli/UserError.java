package dev.banyan.common.cli;

/**
 * An error caused by what the user gave us (a flag, a file, an unreachable address). Its message is
 * one sentence that names the cause and the fix; it is printed without a stack trace.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserError(String message) {
    this(message, ExitCodes.USAGE_OR_FAILURE);
  }

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = ExitCodes.USAGE_OR_FAILURE;
  }

  public int exitCode() {
    return exitCode;
  }
}
