package dev.banyan.common.manifest;

/**
 * One finding about a manifest, located at {@code file:line:column} and a key path such as {@code
 * services.web.ports[1]}.
 */
public record Diagnostic(
    Severity severity, String file, int line, int column, String path, String problem, String fix) {

  /** Whether a finding stops the deployment or only informs. */
  public enum Severity {
    ERROR,
    WARNING
  }

  /** {@code FILE:LINE:COL KEY.PATH: problem; fix}, the one-line form every tool prints. */
  public String format() {
    String where = file + ":" + line + ":" + column + " " + (path.isEmpty() ? "(top level)" : path);
    return where + ": " + problem + (fix.isEmpty() ? "" : "; " + fix);
  }

  @Override
  public String toString() {
    return format();
  }
}
