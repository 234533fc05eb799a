package dev.banyan.cli;

import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code banyan-cli}: the operator's command line; talks gRPC to any engine. */
@Command(
    name = "banyan-cli",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Deploys and inspects Banyan applications.",
    subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, ConfigCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed (see the message)",
      "2:bad command line",
      "3:the engine could not be reached or refused the call"
    })
public final class CliMain implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  public static void main(String[] args) {
    System.exit(Commands.create(new CliMain()).execute(args));
  }
}
