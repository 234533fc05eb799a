package dev.banyan.common.cli;

/** Exit codes shared by the three binaries; documented in each command's help. */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command failed, or what it checked is invalid (e.g. {@code validate} on a bad file). */
  public static final int USAGE_OR_FAILURE = 1;

  /** The command line itself was wrong: unknown flag, missing argument. */
  public static final int BAD_USAGE = 2;

  /** The engine (or another server) could not be reached or refused the call. */
  public static final int UNAVAILABLE = 3;

  private ExitCodes() {}
}
