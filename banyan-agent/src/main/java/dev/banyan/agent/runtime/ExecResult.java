package dev.banyan.agent.runtime;

/** The outcome of a command run inside a container. */
public record ExecResult(int exitCode, String output, boolean timedOut) {
  /** Whether the command finished in time with exit code 0. */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
