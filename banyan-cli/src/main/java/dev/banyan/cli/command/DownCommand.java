package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.proto.v1.RemoveDeploymentRequest;
import dev.banyan.proto.v1.RemoveDeploymentResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli down NAME}: stops and removes everything a deployment created. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Stops (honouring stop_grace_period) and removes every container of a deployment, waits"
            + " until they are gone and lists what was removed.")
public final class DownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;

  @Parameters(paramLabel = "NAME", description = "The deployment to remove.")
  String name;

  @Option(names = "--volumes", description = "Also remove the deployment's named volumes.")
  boolean volumes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Removing deployment " + name + "...");
    out.flush();
    RemoveDeploymentResponse response;
    try (EngineConnection connection = new EngineConnection(engine)) {
      response =
          connection.call(
              s ->
                  s.removeDeployment(
                      RemoveDeploymentRequest.newBuilder()
                          .setName(name)
                          .setRemoveVolumes(volumes)
                          .build()),
              // The engine waits for every container to stop (each up to its grace period).
              java.time.Duration.ofMinutes(5));
    }
    for (String task : response.getRemovedTasksList()) {
      out.println("  removed " + task);
    }
    out.println(
        "Deployment " + name + " removed (" + response.getRemovedTasksCount() + " containers).");
    out.flush();
    return 0;
  }
}
