package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.HostPort;
import dev.banyan.common.cli.EngineCheck;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.PasswordSource;
import dev.banyan.common.cli.Prompter;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.config.ConfigDefaults;
import dev.banyan.common.config.ConfigWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code banyan-cli init}: asks for the engine address and password, checks them, saves them. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Sets up this machine's CLI: asks for the engine address and the cluster password, checks"
            + " them against the engine and writes them (mode 0600) to the config file: --config,"
            + " else BANYAN_CONFIG, else /etc/banyan/banyan.yaml as root and"
            + " ~/.config/banyan/banyan.yaml otherwise.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:config written", "1:the check failed or the file could not be written"})
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PasswordSource passwordSource;

  @Option(names = "--engine", paramLabel = "HOST:PORT", description = "The engine to use.")
  String engine;

  @Option(names = "--non-interactive", description = "Never prompt; take everything from flags.")
  boolean nonInteractive;

  @Option(names = "--no-check", description = "Write without trying the engine first.")
  boolean noCheck;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Prompter prompter = Prompter.system(out);
    Map<String, String> env = System.getenv();

    String address = engine;
    if (address == null) {
      address =
          nonInteractive
              ? EngineOptions.DEFAULT_ENGINE
              : prompter.ask("Engine address", EngineOptions.DEFAULT_ENGINE);
    }
    HostPort.parse(address, "--engine");
    String password =
        passwordSource
            .given(env, prompter)
            .orElseGet(
                () -> {
                  if (nonInteractive) {
                    throw new UserError(
                        "no cluster password given; pass --password-file, --password-stdin or"
                            + " BANYAN_PASSWORD with --non-interactive.",
                        ExitCodes.BAD_USAGE);
                  }
                  return prompter.askSecret("Cluster password");
                });
    if (!noCheck) {
      EngineCheck.verify(address, password);
      out.println("Connected to the engine at " + address + ".");
    }
    Path file = defaultTarget(env);
    Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
    updates.put("cli", Map.of("engine", address));
    updates.put("security", Map.of("password", password));
    ConfigWriter.merge(file, updates);
    out.println("Wrote " + file + " (mode 0600).");
    out.flush();
    return ExitCodes.OK;
  }

  private Path defaultTarget(Map<String, String> env) {
    String explicit = env.get("BANYAN_CONFIG");
    // --config (inherited from the root command) names the file to write.
    for (var result = spec.root().commandLine().getParseResult();
        result != null;
        result = result.subcommand()) {
      if (result.hasMatchedOption("--config")) {
        return result.matchedOptionValue("--config", (Path) null);
      }
    }
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    return root
        ? ConfigDefaults.SYSTEM_CONFIG
        : Path.of(System.getProperty("user.home"), ".config/banyan/banyan.yaml");
  }
}
