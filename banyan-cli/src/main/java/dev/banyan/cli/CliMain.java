package dev.banyan.cli;

import dev.banyan.cli.command.ConfigCommand;
import dev.banyan.cli.command.DeployCommand;
import dev.banyan.cli.command.DeploymentsCommand;
import dev.banyan.cli.command.DownCommand;
import dev.banyan.cli.command.InitCommand;
import dev.banyan.cli.command.LogsCommand;
import dev.banyan.cli.command.MetricsCommand;
import dev.banyan.cli.command.NodesCommand;
import dev.banyan.cli.command.PlanCommand;
import dev.banyan.cli.command.PsCommand;
import dev.banyan.cli.command.StatusCommand;
import dev.banyan.cli.command.ValidateCommand;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.top.TopCommand;
import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.VersionProvider;
import dev.banyan.common.config.ConfigDefaults;
import dev.banyan.common.config.ConfigFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code banyan-cli}: the operator's command line; talks gRPC to any engine. */
@Command(
    name = "banyan-cli",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Deploys and inspects Banyan applications.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed (see the message)",
      "2:bad command line",
      "3:the engine could not be reached or refused the call"
    })
public final class CliMain implements Runnable {
  /** In the order {@code --help} lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          DeployCommand.class,
          PlanCommand.class,
          StatusCommand.class,
          PsCommand.class,
          LogsCommand.class,
          TopCommand.class,
          DownCommand.class,
          NodesCommand.class,
          MetricsCommand.class,
          DeploymentsCommand.class,
          ValidateCommand.class,
          ConfigCommand.class,
          InitCommand.class,
          CommandLine.HelpCommand.class,
          CdsTrainingCommand.class);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "Config file (default: BANYAN_CONFIG, else ~/.config/banyan/banyan.yaml, else"
              + " /etc/banyan/banyan.yaml).")
  Path config;

  public static void main(String[] args) {
    CliLogging.configure(System.getenv());
    System.exit(run(args, System.getenv()));
  }

  /** Runs the CLI with its config file and environment; returns the exit code. */
  public static int run(String[] args, Map<String, String> env) {
    return Commands.execute(
        commandLine(args),
        args,
        cmd -> {
          ConfigFile file = ConfigDefaults.install(cmd, args, "cli", env, defaultConfigs(env));
          if (!java.util.Arrays.asList(args).contains("init")) {
            file.requirePrivateIfSecret(); // init rewrites the file with mode 0600 anyway
          }
          EngineOptions.configure(file, env);
        });
  }

  /**
   * The command line with the subcommands {@code args} name, or all of them when it names none (for
   * help, and for the error on an unknown one). Picocli reflects over every option of every
   * subcommand it is given, which was a quarter of a short command's run time.
   */
  public static CommandLine commandLine(String[] args) {
    CommandLine cmd = new CommandLine(new CliMain());
    List<String> words = List.of(args);
    List<Class<?>> named =
        SUBCOMMANDS.stream().filter(c -> names(c).stream().anyMatch(words::contains)).toList();
    boolean all = named.isEmpty() || named.contains(CommandLine.HelpCommand.class);
    for (Class<?> c : all ? SUBCOMMANDS : named) {
      cmd.addSubcommand(c);
    }
    return Commands.configure(cmd);
  }

  private static List<String> names(Class<?> command) {
    Command c = command.getAnnotation(Command.class);
    List<String> names = new java.util.ArrayList<>(List.of(c.aliases()));
    names.add(c.name());
    return names;
  }

  private static List<Path> defaultConfigs(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return List.of(Path.of(home, ".config/banyan/banyan.yaml"), ConfigDefaults.SYSTEM_CONFIG);
  }
}
