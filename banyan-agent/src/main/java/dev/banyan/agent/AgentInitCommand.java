package dev.banyan.agent;

import dev.banyan.common.cli.EngineCheck;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.PasswordSource;
import dev.banyan.common.cli.Prompter;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.config.ConfigDefaults;
import dev.banyan.common.config.ConfigWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code banyan-agent init}: asks for engines, node name, labels and password; checks; saves. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Sets up this server's agent: asks for the engine address(es), this node's name and labels"
            + " and the cluster password, checks them against an engine, and writes them (mode"
            + " 0600) to the config file (--config, else BANYAN_CONFIG, else"
            + " /etc/banyan/banyan.yaml).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:config written", "1:the check failed or the file could not be written"})
final class AgentInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin PasswordSource passwordSource;

  @Option(names = "--engine", paramLabel = "HOST:PORT[,...]", description = "Engine address(es).")
  String engines;

  @Option(names = "--node-name", paramLabel = "NAME", description = "This node's name.")
  String nodeName;

  @Option(names = "--labels", paramLabel = "K=V[,...]", description = "Node labels.")
  String labels;

  @Option(names = "--config", paramLabel = "FILE", description = "The config file to write.")
  Path config;

  @Option(names = "--non-interactive", description = "Never prompt; take everything from flags.")
  boolean nonInteractive;

  @Option(names = "--no-check", description = "Write without trying the engine first.")
  boolean noCheck;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Prompter prompter = Prompter.system(out);
    Map<String, String> env = System.getenv();
    String engineList =
        engines != null ? engines : answer(prompter, "Engine address(es)", "127.0.0.1:7070");
    String node = nodeName != null ? nodeName : answer(prompter, "Node name", hostName());
    String nodeLabels = labels != null ? labels : answer(prompter, "Node labels (k=v,...)", "");
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
      EngineCheck.verify(engineList.split(",")[0].strip(), password);
      out.println("Connected to the engine at " + engineList.split(",")[0].strip() + ".");
    }
    Path file =
        config != null
            ? config
            : Path.of(env.getOrDefault("BANYAN_CONFIG", ConfigDefaults.SYSTEM_CONFIG.toString()));
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("engine", engineList);
    agent.put("node_name", node);
    if (!nodeLabels.isBlank()) {
      agent.put("labels", nodeLabels);
    }
    Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
    updates.put("agent", agent);
    updates.put("security", Map.of("password", password));
    ConfigWriter.merge(file, updates);
    out.println("Wrote " + file + " (mode 0600). Start the agent with 'banyan-agent'.");
    out.flush();
    return ExitCodes.OK;
  }

  private String answer(Prompter prompter, String question, String defaultValue) {
    return nonInteractive ? defaultValue : prompter.ask(question, defaultValue);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
