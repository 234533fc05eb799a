package dev.banyan.cli.support;

import picocli.CommandLine.Option;

/** The {@code --engine} option shared by every command that talks to an engine. */
public final class EngineOptions {
  /** Where the engine listens when nothing else is said. */
  public static final String DEFAULT_ENGINE = "127.0.0.1:7070";

  @Option(
      names = "--engine",
      paramLabel = "HOST:PORT",
      description =
          "Engine address(es), comma-separated; also BANYAN_ENGINE (default: "
              + DEFAULT_ENGINE
              + ").")
  String engine;

  /** The engine address from the flag, else the environment, else the default. */
  public String address() {
    if (engine != null && !engine.isBlank()) {
      return engine.strip();
    }
    String fromEnv = System.getenv("BANYAN_ENGINE");
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : DEFAULT_ENGINE;
  }

  /** Says where the address came from, for error messages that tell the user how to change it. */
  public String source() {
    if (engine != null && !engine.isBlank()) {
      return "--engine";
    }
    String fromEnv = System.getenv("BANYAN_ENGINE");
    return fromEnv != null && !fromEnv.isBlank() ? "BANYAN_ENGINE" : "the default";
  }
}
