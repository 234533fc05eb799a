package dev.banyan.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.banyan.cli.support.ManifestOptions;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.manifest.LoadedManifest;
import dev.banyan.common.manifest.ManifestException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code banyan-cli validate}: checks a manifest locally, with no engine, and lists every problem.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a banyan.yaml (Compose syntax) without contacting an engine.",
      "Prints OK, or every error as FILE:LINE:COL KEY.PATH: problem; fix. Warnings are prefixed"
          + " 'warning: '."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the manifest is valid (warnings may be printed)",
      "1:the manifest is invalid or could not be found or read",
      "2:bad command line"
    })
public final class ValidateCommand implements Callable<Integer> {
  /** Output formats of {@code validate}. */
  enum Format {
    text,
    json
  }

  @Mixin ManifestOptions manifest = new ManifestOptions();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format output = Format.text;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try {
      LoadedManifest m = manifest.load();
      print(out, true, m.deploymentName(), List.of(), m.warnings());
      return ExitCodes.OK;
    } catch (ManifestException e) {
      print(out, false, "", e.errors(), e.warnings());
      return ExitCodes.USAGE_OR_FAILURE;
    }
  }

  private void print(
      PrintWriter out, boolean valid, String name, List<String> errors, List<String> warnings)
      throws Exception {
    if (output == Format.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("valid", valid);
      if (valid) {
        json.put("deployment", name);
      }
      json.put("errors", errors);
      json.put("warnings", warnings);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    } else {
      errors.forEach(out::println);
      warnings.forEach(w -> out.println("warning: " + w));
      if (valid) {
        out.println("OK");
      }
    }
    out.flush();
  }
}
