package dev.banyan.e2e.support;

/** What a finished process printed and returned. */
public record ProcessResult(int exitCode, String stdout, String stderr) {
  /** Everything printed, for assertion messages. */
  public String describe() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }
}
