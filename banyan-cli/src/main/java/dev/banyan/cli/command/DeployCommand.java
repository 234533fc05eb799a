package dev.banyan.cli.command;

import dev.banyan.cli.support.DeployPlans;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.ManifestOptions;
import dev.banyan.cli.support.RolloutWatcher;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.manifest.LoadedManifest;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.ServiceChange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli deploy}: validate locally, submit, then follow the rollout to a result. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Deploys a banyan.yaml (Compose syntax): validates it here, submits it to the engine, then"
            + " shows progress until every task is RUNNING (and healthy, where the service has a"
            + " health check) or one FAILED.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every task is RUNNING and, with a health check, healthy (or, with --detach, the"
          + " deployment was accepted)",
      "1:the manifest is invalid, the cluster lacks the capacity, a task failed or is unhealthy,"
          + " or the rollout"
          + " timed out (with --dry-run: the deploy would be rejected or leave tasks pending)",
      "2:bad command line",
      "3:the engine could not be reached or refused the call"
    })
public final class DeployCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;

  @Mixin ManifestOptions manifestOptions = new ManifestOptions();

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "The manifest, as an alternative to -f.")
  Path positionalFile;

  @Option(names = "--detach", description = "Return as soon as the engine accepted the deployment.")
  boolean detach;

  @Option(
      names = "--dry-run",
      description =
          "Only show what would change and where each task would run (like 'banyan-cli plan');"
              + " exit 1 if the deploy would be rejected or leave tasks pending.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Give up waiting for the rollout after this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  long timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (EngineConnection connection = new EngineConnection(engine)) {
      connection.connectAhead();
      LoadedManifest manifest = manifestOptions.load(positionalFile);
      manifest.warnings().forEach(w -> err.println("warning: " + w));
      err.flush();
      DeployRequest request = DeployPlans.request(manifest, dryRun);
      DeployResponse response = connection.call(stub -> stub.deploy(request));
      if (dryRun) {
        response.getWarningsList().forEach(w -> err.println("warning: " + w));
        err.flush();
        return DeployPlans.print(response, out, false);
      }
      response.getWarningsList().forEach(w -> err.println("warning: " + w));
      out.println("Deployment " + response.getName() + " revision " + response.getRevision() + ":");
      for (ServiceChange change : response.getChangesList()) {
        out.println("  " + DeployPlans.describe(change));
      }
      out.flush();
      if (detach) {
        out.println("Detached; follow it with 'banyan-cli status " + response.getName() + "'.");
        out.flush();
        return ExitCodes.OK;
      }
      return new RolloutWatcher(connection, out, Duration.ofSeconds(timeoutSeconds))
          .await(response.getName());
    }
  }
}
