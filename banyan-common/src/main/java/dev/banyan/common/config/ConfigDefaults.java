package dev.banyan.common.config;

import dev.banyan.common.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option of a binary its value by Banyan's precedence: the flag, else the environment
 * variable {@code BANYAN_<OPTION>} (e.g. {@code BANYAN_NODE_NAME} for {@code --node-name}), else
 * the setting in the binary's section of the config file ({@code node_name}), else the built-in
 * default.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  /** Where Banyan's config file lives unless --config or BANYAN_CONFIG says otherwise. */
  public static final Path SYSTEM_CONFIG = Path.of("/etc/banyan/banyan.yaml");

  private static final Set<String> NOT_CONFIGURABLE = Set.of("help", "version", "config");

  private final ConfigFile file;
  private final String section;
  private final Map<String, String> env;

  ConfigDefaults(ConfigFile file, String section, Map<String, String> env) {
    this.file = file;
    this.section = section;
    this.env = env;
  }

  /**
   * Finds the config file (from {@code --config} in {@code args}, else {@code BANYAN_CONFIG}, else
   * the first of {@code defaults} that exists), checks it, and installs the defaults on the whole
   * command hierarchy. Returns the file so the caller can read the security section.
   */
  public static ConfigFile install(
      CommandLine cmd,
      String[] args,
      String section,
      Map<String, String> env,
      List<Path> defaults) {
    // `init` writes the file, so a named file that does not exist yet is fine for it.
    boolean initializing = java.util.Arrays.asList(args).contains("init");
    ConfigFile file = locate(args, env, defaults, initializing);
    validateKeys(cmd, file, section);
    cmd.setDefaultValueProvider(new ConfigDefaults(file, section, env));
    return file;
  }

  /** The config file named by the command line or environment, or the first default that exists. */
  public static ConfigFile locate(String[] args, Map<String, String> env, List<Path> defaults) {
    return locate(args, env, defaults, false);
  }

  private static ConfigFile locate(
      String[] args, Map<String, String> env, List<Path> defaults, boolean mayBeMissing) {
    String explicit = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        explicit = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        explicit = args[i].substring("--config=".length());
      }
    }
    if (explicit == null
        && env.get("BANYAN_CONFIG") != null
        && !env.get("BANYAN_CONFIG").isBlank()) {
      explicit = env.get("BANYAN_CONFIG");
    }
    if (explicit != null) {
      Path path = Path.of(explicit);
      if (!Files.exists(path) && mayBeMissing) {
        return ConfigFile.empty(path);
      }
      if (!Files.exists(path)) {
        throw new UserError(
            "the config file "
                + path
                + " does not exist; create it with 'init' or fix --config / BANYAN_CONFIG.");
      }
      return ConfigFile.load(path);
    }
    for (Path candidate : defaults) {
      if (Files.isReadable(candidate)) {
        return ConfigFile.load(candidate);
      }
    }
    return ConfigFile.empty(defaults.isEmpty() ? SYSTEM_CONFIG : defaults.get(0));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return arg.defaultValue();
    }
    String key = key(option);
    if (NOT_CONFIGURABLE.contains(key)) {
      return option.defaultValue();
    }
    String fromEnv = env.get("BANYAN_" + key.toUpperCase(Locale.ROOT));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return file.get(section, key).map(ConfigFile.Value::text).orElse(option.defaultValue());
  }

  /** {@code --node-name} → {@code node_name}. */
  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "").replace('-', '_');
  }

  private static void validateKeys(CommandLine cmd, ConfigFile file, String section) {
    Set<String> known = new TreeSet<>();
    collect(cmd, known);
    known.removeAll(NOT_CONFIGURABLE);
    List<String> errors = new ArrayList<>();
    file.section(section)
        .forEach(
            (key, value) -> {
              if (!known.contains(key)) {
                errors.add(
                    file.where(value)
                        + " "
                        + section
                        + "."
                        + key
                        + ": unknown setting"
                        + Suggestions.didYouMean(key, known)
                        + "; the "
                        + section
                        + " settings are "
                        + String.join(", ", known)
                        + ".");
              }
            });
    file.section("security")
        .forEach(
            (key, value) -> {
              if (!Set.of("password", "password_hash").contains(key)) {
                errors.add(
                    file.where(value)
                        + " security."
                        + key
                        + ": unknown setting"
                        + Suggestions.didYouMean(key, Set.of("password", "password_hash"))
                        + "; the security settings are password and password_hash.");
              }
            });
    if (!errors.isEmpty()) {
      throw new UserError(String.join("\n", errors));
    }
  }

  private static void collect(CommandLine cmd, Set<String> known) {
    for (OptionSpec option : cmd.getCommandSpec().options()) {
      known.add(key(option));
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      collect(sub, known);
    }
  }
}
