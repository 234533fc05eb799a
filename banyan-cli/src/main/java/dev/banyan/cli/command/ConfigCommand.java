package dev.banyan.cli.command;

import dev.banyan.cli.support.ManifestOptions;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.manifest.LoadedManifest;
import dev.banyan.common.manifest.ManifestException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code banyan-cli config}: prints the manifest as Banyan will deploy it, like {@code docker
 * compose config}.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the normalized manifest: variables interpolated, long forms, env_file contents"
          + " merged into environment, relative bind paths made absolute, defaults filled, inactive"
          + " profiles left out. This is exactly the text a deploy sends to the engine."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the manifest was printed (warnings go to standard error)",
      "1:the manifest is invalid or could not be found or read",
      "2:bad command line"
    })
public final class ConfigCommand implements Callable<Integer> {
  @Mixin ManifestOptions manifest = new ManifestOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      LoadedManifest m = manifest.load();
      m.warnings().forEach(w -> err.println("warning: " + w));
      err.flush();
      out.print(m.normalizedYaml());
      out.flush();
      return ExitCodes.OK;
    } catch (ManifestException e) {
      e.errors().forEach(line -> err.println("error: " + line));
      e.warnings().forEach(w -> err.println("warning: " + w));
      err.flush();
      return ExitCodes.USAGE_OR_FAILURE;
    }
  }
}
