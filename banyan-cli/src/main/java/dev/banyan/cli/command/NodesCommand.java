package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.Json;
import dev.banyan.cli.support.OutputOptions;
import dev.banyan.cli.support.Table;
import dev.banyan.cli.support.Units;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeAvailability;
import dev.banyan.proto.v1.NodeSummary;
import dev.banyan.proto.v1.RemoveNodeRequest;
import dev.banyan.proto.v1.UpdateNodeRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code banyan-cli nodes}: lists nodes; {@code drain}, {@code activate} and {@code rm} manage
 * them.
 */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description =
        "Lists the cluster's nodes: name, address, state, availability, task count, CPU and"
            + " memory requested of what the node can allocate, subnet, runtime, labels.",
    subcommands = {
      NodesCommand.Drain.class,
      NodesCommand.Activate.class,
      NodesCommand.Remove.class
    })
public final class NodesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<NodeSummary> nodes;
    try (EngineConnection connection = new EngineConnection(engine)) {
      nodes =
          connection.call(s -> s.listNodes(ListNodesRequest.getDefaultInstance())).getNodesList();
    }
    if (output.json()) {
      Json.printArray(out, nodes);
      return 0;
    }
    Table table =
        new Table(
            "NAME",
            "ADDRESS",
            "STATE",
            "AVAILABILITY",
            "TASKS",
            "CPU",
            "MEMORY",
            "SUBNET",
            "RUNTIME",
            "LABELS");
    for (NodeSummary summary : nodes) {
      Node node = summary.getNode();
      table.row(
          node.getName(),
          node.getHostAddress(),
          node.getState().name().replace("NODE_STATE_", ""),
          node.getAvailability().name().replace("NODE_AVAILABILITY_", ""),
          summary.getTaskCount(),
          Units.cores(summary.getRequested().getCpuCores())
              + "/"
              + Units.cores(node.getAllocatable().getCpuCores()),
          Units.bytes(summary.getRequested().getMemoryBytes())
              + "/"
              + Units.bytes(node.getAllocatable().getMemoryBytes()),
          node.getSubnet().isEmpty() ? "-" : node.getSubnet(),
          node.getRuntime(),
          node.getLabelsMap().entrySet().stream()
              .sorted(java.util.Map.Entry.comparingByKey())
              .map(e -> e.getKey() + "=" + e.getValue())
              .reduce((a, b) -> a + "," + b)
              .orElse(""));
    }
    if (table.isEmpty()) {
      out.println(
          "No nodes have registered yet. Start an agent with 'banyan-agent --engine HOST:PORT'.");
    } else {
      table.print(out);
    }
    out.flush();
    return 0;
  }

  /** {@code nodes drain NODE}: moves the node's tasks elsewhere and keeps new ones off it. */
  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description = "Moves a node's tasks to other nodes and schedules nothing new on it.")
  static final class Drain implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin EngineOptions engine;

    @Parameters(paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
      return setAvailability(
          spec, engine, node, NodeAvailability.NODE_AVAILABILITY_DRAIN, "drained");
    }
  }

  /** {@code nodes activate NODE}: lets the scheduler use a drained node again. */
  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description = "Makes a drained node available for new tasks again.")
  static final class Activate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin EngineOptions engine;

    @Parameters(paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
      return setAvailability(
          spec, engine, node, NodeAvailability.NODE_AVAILABILITY_ACTIVE, "active");
    }
  }

  /** {@code nodes rm NODE}: forgets a node and frees its subnet. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Removes a node from the cluster (drain it first if it is still up).")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin EngineOptions engine;

    @Parameters(paramLabel = "NODE")
    String node;

    @Override
    public Integer call() {
      try (EngineConnection connection = new EngineConnection(engine)) {
        connection.call(s -> s.removeNode(RemoveNodeRequest.newBuilder().setName(node).build()));
      }
      spec.commandLine().getOut().println("Node " + node + " removed.");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static int setAvailability(
      CommandSpec spec,
      EngineOptions engine,
      String node,
      NodeAvailability availability,
      String word) {
    try (EngineConnection connection = new EngineConnection(engine)) {
      connection.call(
          s ->
              s.updateNode(
                  UpdateNodeRequest.newBuilder()
                      .setName(node)
                      .setAvailability(availability)
                      .build()));
    }
    spec.commandLine().getOut().println("Node " + node + " is now " + word + ".");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
