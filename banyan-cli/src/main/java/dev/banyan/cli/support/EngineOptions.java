package dev.banyan.cli.support;

import dev.banyan.common.config.ClusterSecrets;
import dev.banyan.common.config.ConfigFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --engine} option shared by every command that talks to an engine, and the password the
 * CLI sends. Values follow Banyan's precedence: flag, then {@code BANYAN_ENGINE} / {@code
 * BANYAN_PASSWORD}, then the {@code cli} and {@code security} sections of the config file.
 */
public final class EngineOptions {
  /** Where the engine listens when nothing else is said. */
  public static final String DEFAULT_ENGINE = "127.0.0.1:7070";

  private static ConfigFile config = ConfigFile.empty(Path.of("/etc/banyan/banyan.yaml"));
  private static Map<String, String> environment = Map.of();

  @Option(
      names = "--engine",
      paramLabel = "HOST:PORT",
      defaultValue = DEFAULT_ENGINE,
      description =
          "Engine address(es), comma-separated; also BANYAN_ENGINE or cli.engine in the config"
              + " file (default: "
              + DEFAULT_ENGINE
              + ").")
  String engine;

  /** Called once by main with the config file it found and the process environment. */
  public static void configure(ConfigFile file, Map<String, String> env) {
    config = file;
    environment = Map.copyOf(env);
  }

  /** The engine address(es) to use. */
  public String address() {
    return engine == null || engine.isBlank() ? DEFAULT_ENGINE : engine.strip();
  }

  /** Says where the address can be changed, for error messages. */
  public String source() {
    return "--engine, BANYAN_ENGINE or cli.engine in " + config.path();
  }

  /** The cluster password to send, when one is configured. */
  public Optional<String> password() {
    return ClusterSecrets.clientPassword(config, environment);
  }

  /** The config file in use, for messages. */
  public Path configPath() {
    return config.path();
  }
}
