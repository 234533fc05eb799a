package dev.banyan.agent;

import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.VersionProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code banyan-agent}: runs a node's containers as the engines assign them. */
@Command(
    name = "banyan-agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = "Runs a Banyan agent: one per server, it runs the containers the engines assign.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed to start or crashed", "2:bad command line"})
public final class AgentMain implements Callable<Integer> {

  @Option(
      names = "--engine",
      paramLabel = "HOST:PORT",
      split = ",",
      required = true,
      description = "One or more engine addresses; the agent fails over between them.")
  List<String> engines;

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      description = "This node's name in the cluster (default: the host name).")
  String nodeName;

  @Option(
      names = "--runtime",
      paramLabel = "RUNTIME",
      description = "Container CLI: auto, nerdctl, docker or podman (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String runtime;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address of the agent's gRPC API for engines (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:7071")
  String listen;

  @Option(
      names = "--labels",
      paramLabel = "KEY=VALUE",
      split = ",",
      description = "Node labels for placement constraints, e.g. zone=eu,disk=ssd.")
  Map<String, String> labels = Map.of();

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the agent is not wired yet");
  }

  public static void main(String[] args) {
    System.exit(Commands.create(new AgentMain()).execute(args));
  }
}
