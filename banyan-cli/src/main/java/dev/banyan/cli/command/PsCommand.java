package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.Json;
import dev.banyan.cli.support.OutputOptions;
import dev.banyan.cli.support.Table;
import dev.banyan.cli.support.Tasks;
import dev.banyan.proto.v1.ListTasksRequest;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli ps}: one row per task, with why it is not running when it is not. */
@Command(
    name = "ps",
    mixinStandardHelpOptions = true,
    description = "Lists tasks: service, replica, node, state, since, container id and error.")
public final class PsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin OutputOptions output;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "A deployment (default: all).")
  String name;

  @Option(
      names = "--no-trunc",
      description = "Print full errors and the last log lines of failed containers.")
  boolean noTrunc;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Task> tasks;
    try (EngineConnection connection = new EngineConnection(engine)) {
      tasks =
          connection
              .call(
                  stub ->
                      stub.listTasks(
                          ListTasksRequest.newBuilder()
                              .setDeployment(name == null ? "" : name)
                              .build()))
              .getTasksList()
              .stream()
              .sorted(
                  Comparator.comparing(Task::getDeployment)
                      .thenComparing(Task::getService)
                      .thenComparingInt(Task::getReplica))
              .toList();
    }
    if (output.json()) {
      Json.printArray(out, tasks);
      return 0;
    }
    Instant now = clock.instant();
    Table table =
        new Table(
            "DEPLOYMENT", "SERVICE", "REPLICA", "NODE", "STATE", "SINCE", "CONTAINER", "ERROR");
    for (Task task : tasks) {
      TaskStatus status = task.getStatus();
      String error = status.getError().isEmpty() ? task.getPendingReason() : status.getError();
      if (error.isEmpty() && status.getHasExitCode() && status.getExitCode() != 0) {
        error = "exited with code " + status.getExitCode();
      }
      table.row(
          task.getDeployment(),
          task.getService(),
          task.getReplica(),
          task.getNode().isEmpty() ? "-" : task.getNode(),
          Tasks.stateName(Tasks.effectiveState(task)),
          Tasks.age(status.hasTimestamp() ? status.getTimestamp() : task.getCreatedAt(), now),
          Tasks.shortId(status.getContainerId()),
          noTrunc ? error : StatusCommand.truncate(StatusCommand.firstLine(error), 50));
    }
    table.print(out);
    if (noTrunc) {
      for (Task task : tasks) {
        if (task.getStatus().getLastLogLinesCount() > 0) {
          out.println();
          out.println(
              "Last output of "
                  + task.getService()
                  + "."
                  + task.getReplica()
                  + " ("
                  + task.getId()
                  + "):");
          task.getStatus().getLastLogLinesList().forEach(line -> out.println("  | " + line));
        }
      }
    }
    out.flush();
    return 0;
  }
}
