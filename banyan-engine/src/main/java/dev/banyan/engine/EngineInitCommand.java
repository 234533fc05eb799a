package dev.banyan.engine;

import dev.banyan.common.auth.PasswordHash;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.PasswordSource;
import dev.banyan.common.cli.Prompter;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.config.ConfigDefaults;
import dev.banyan.common.config.ConfigFile;
import dev.banyan.common.config.ConfigWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code banyan-engine init}: chooses the cluster password and where the engine listens. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Sets up this server's engine: asks for the cluster password (twice, without echo), the"
            + " listen address and the etcd endpoints, and writes them (the password only as a"
            + " salted hash) with mode 0600 to the config file (--config, else BANYAN_CONFIG, else"
            + " /etc/banyan/banyan.yaml).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:config written", "1:invalid answer or the file could not be written"})
final class EngineInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PasswordSource passwordSource;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where the engine listens.")
  String listen;

  @Option(
      names = "--etcd-endpoints",
      paramLabel = "URL[,URL...]",
      description = "etcd client URLs; empty: the engine supervises a local etcd.")
  String etcdEndpoints;

  @Option(names = "--config", paramLabel = "FILE", description = "The config file to write.")
  Path config;

  @Option(
      names = "--add-password",
      description =
          "Keep the passwords already configured and accept this one too (password rotation).")
  boolean addPassword;

  @Option(
      names = "--also-client",
      description =
          "Also store the password itself, so the CLI and an agent on this machine can use the"
              + " same file (single-machine clusters).")
  boolean alsoClient;

  @Option(names = "--non-interactive", description = "Never prompt; take everything from flags.")
  boolean nonInteractive;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Prompter prompter = Prompter.system(out);
    Map<String, String> env = System.getenv();
    Path file =
        config != null
            ? config
            : Path.of(env.getOrDefault("BANYAN_CONFIG", ConfigDefaults.SYSTEM_CONFIG.toString()));

    String password = passwordSource.given(env, prompter).orElseGet(() -> askTwice(prompter));
    PasswordSource.requireStrong(password);
    String address = listen != null ? listen : answer(prompter, "Listen address", "0.0.0.0:7070");
    EngineMain.address(address);
    String etcd =
        etcdEndpoints != null
            ? etcdEndpoints
            : answer(prompter, "etcd endpoints (empty: a local etcd supervised by the engine)", "");

    String hash = PasswordHash.create(password.toCharArray()).encode();
    if (addPassword && Files.exists(file)) {
      String existing =
          ConfigFile.load(file)
              .get("security", "password_hash")
              .map(ConfigFile.Value::text)
              .orElse("");
      if (!existing.isBlank()) {
        hash = existing + "," + hash;
      }
    }
    Map<String, Object> security = new LinkedHashMap<>();
    security.put("password_hash", hash.contains(",") ? java.util.List.of(hash.split(",")) : hash);
    if (alsoClient) {
      security.put("password", password);
    }
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("listen", address);
    if (!etcd.isBlank()) {
      engine.put("etcd_endpoints", etcd);
    }
    Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
    updates.put("security", security);
    updates.put("engine", engine);
    ConfigWriter.merge(file, updates);
    out.println("Wrote " + file + " (mode 0600). Start the engine with 'banyan-engine'.");
    out.flush();
    return ExitCodes.OK;
  }

  private String askTwice(Prompter prompter) {
    if (nonInteractive) {
      throw new UserError(
          "no cluster password given; pass --password-file, --password-stdin or BANYAN_PASSWORD"
              + " with --non-interactive.",
          ExitCodes.BAD_USAGE);
    }
    String first = prompter.askSecret("Cluster password (at least 12 characters)");
    PasswordSource.requireStrong(first);
    String second = prompter.askSecret("The same password again");
    if (!first.equals(second)) {
      throw new UserError("the two passwords differ; run 'banyan-engine init' again.");
    }
    return first;
  }

  private String answer(Prompter prompter, String question, String defaultValue) {
    return nonInteractive ? defaultValue : prompter.ask(question, defaultValue);
  }
}
