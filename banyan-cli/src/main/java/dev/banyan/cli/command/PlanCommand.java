package dev.banyan.cli.command;

import dev.banyan.cli.support.DeployPlans;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.ManifestOptions;
import dev.banyan.cli.support.OutputOptions;
import dev.banyan.common.manifest.LoadedManifest;
import dev.banyan.proto.v1.DeployResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli plan}: what a deploy would change and where its tasks would run. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Shows what deploying a banyan.yaml would do, without changing anything: which services"
            + " would be created, updated, left unchanged or removed, and on which node each task"
            + " would run and why (the engine runs its real scheduler on the current state).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the deploy would succeed and every task would get a node",
      "1:the deploy would be rejected (invalid manifest, not enough capacity) or leave tasks"
          + " pending",
      "2:bad command line",
      "3:the engine could not be reached or refused the call"
    })
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;
  @Mixin ManifestOptions manifestOptions = new ManifestOptions();
  @Mixin OutputOptions output = new OutputOptions();

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "The manifest, as an alternative to -f.")
  Path positionalFile;

  @Override
  public Integer call() {
    LoadedManifest manifest = manifestOptions.load(positionalFile);
    manifest.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
    spec.commandLine().getErr().flush();
    try (EngineConnection connection = new EngineConnection(engine)) {
      DeployResponse plan =
          connection.call(stub -> stub.deploy(DeployPlans.request(manifest, true)));
      plan.getWarningsList().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
      return DeployPlans.print(plan, spec.commandLine().getOut(), output.json());
    }
  }
}
