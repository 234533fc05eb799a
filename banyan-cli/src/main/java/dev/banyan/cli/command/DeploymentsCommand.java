package dev.banyan.cli.command;

import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.Json;
import dev.banyan.cli.support.OutputOptions;
import dev.banyan.cli.support.Table;
import dev.banyan.cli.support.Tasks;
import dev.banyan.proto.v1.DeploymentSummary;
import dev.banyan.proto.v1.ListDeploymentsRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code banyan-cli deployments}: name, revision, service count and last update of each. */
@Command(
    name = "deployments",
    mixinStandardHelpOptions = true,
    description = "Lists deployments: name, revision, services, updated.")
public final class DeploymentsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<DeploymentSummary> deployments;
    try (EngineConnection connection = new EngineConnection(engine)) {
      deployments =
          connection
              .call(s -> s.listDeployments(ListDeploymentsRequest.getDefaultInstance()))
              .getDeploymentsList();
    }
    if (output.json()) {
      Json.printArray(out, deployments);
      return 0;
    }
    Table table = new Table("NAME", "REVISION", "SERVICES", "UPDATED");
    Instant now = Instant.now();
    for (DeploymentSummary d : deployments) {
      table.row(
          d.getName(), d.getRevision(), d.getServices(), Tasks.age(d.getUpdatedAt(), now) + " ago");
    }
    if (table.isEmpty()) {
      out.println("No deployments. Deploy one with 'banyan-cli deploy -f banyan.yaml'.");
    } else {
      table.print(out);
    }
    out.flush();
    return 0;
  }
}
