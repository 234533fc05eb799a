package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.Json;
import dev.banyan.cli.support.OutputOptions;
import dev.banyan.cli.support.Table;
import dev.banyan.cli.support.Tasks;
import dev.banyan.proto.v1.DeploymentStatus;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ServiceStatus;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli status}: one row per service and, under it, one row per container. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows each service (desired/running, image, ports) and each of its containers.")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin OutputOptions output;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "A deployment (default: all).")
  String name;

  @Option(names = "--watch", description = "Refresh in place every 2 seconds until Ctrl-C.")
  boolean watch;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    try (EngineConnection connection = new EngineConnection(engine)) {
      do {
        GetStatusResponse response =
            connection.call(
                stub ->
                    stub.getStatus(
                        GetStatusRequest.newBuilder()
                            .setDeployment(name == null ? "" : name)
                            .build()));
        if (watch && !output.json()) {
          out.print("\033[H\033[2J");
        }
        print(out, response);
        if (watch) {
          Thread.sleep(2000);
        }
      } while (watch);
    }
    return 0;
  }

  private void print(PrintWriter out, GetStatusResponse response) {
    if (output.json()) {
      Json.printArray(out, response.getDeploymentsList());
      return;
    }
    if (response.getDeploymentsCount() == 0) {
      out.println(
          name == null
              ? "No deployments. Deploy one with 'banyan-cli deploy -f banyan.yaml'."
              : "No deployment named '" + name + "'.");
      out.flush();
      return;
    }
    Instant now = clock.instant();
    for (DeploymentStatus deployment : response.getDeploymentsList()) {
      out.println(
          "Deployment " + deployment.getName() + " (revision " + deployment.getRevision() + ")");
      Table table =
          new Table(
              "SERVICE",
              "RUNNING",
              "IMAGE",
              "PORTS",
              "NODE",
              "STATE",
              "HEALTH",
              "RESTARTS",
              "UPTIME",
              "EXIT",
              "LAST ERROR");
      for (ServiceStatus service : deployment.getServicesList()) {
        table.row(
            service.getName(),
            service.getRunning() + "/" + service.getDesired(),
            service.getImage(),
            String.join(",", service.getPortsList()));
        service.getTasksList().stream()
            .sorted(Comparator.comparingInt(Task::getReplica))
            .forEach(task -> table.row(taskCells(service, task, now)));
      }
      table.print(out);
      out.println();
    }
    out.flush();
  }

  private static Object[] taskCells(ServiceStatus service, Task task, Instant now) {
    TaskStatus status = task.getStatus();
    String error = !status.getError().isEmpty() ? status.getError() : task.getPendingReason();
    return new Object[] {
      "  " + service.getName() + "." + task.getReplica(),
      "",
      "",
      "",
      task.getNode().isEmpty() ? "-" : task.getNode(),
      Tasks.stateName(Tasks.effectiveState(task)),
      Tasks.healthName(status.getHealth()),
      status.getRestartCount(),
      Tasks.isRunning(task) ? Tasks.age(status.getStartedAt(), now) : "-",
      status.getHasExitCode() ? String.valueOf(status.getExitCode()) : "-",
      truncate(firstLine(error), 60)
    };
  }

  static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
