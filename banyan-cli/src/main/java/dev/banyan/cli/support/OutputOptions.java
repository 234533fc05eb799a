package dev.banyan.cli.support;

import picocli.CommandLine.Option;

/** The {@code -o table|json} option of every read command. */
public final class OutputOptions {
  /** Output formats a read command can print. */
  public enum Format {
    TABLE,
    JSON
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: table or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  Format format = Format.TABLE;

  public boolean json() {
    return format == Format.JSON;
  }
}
