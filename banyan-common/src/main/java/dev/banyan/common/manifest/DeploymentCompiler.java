package dev.banyan.common.manifest;

import dev.banyan.common.deploy.CompiledDeployment;
import dev.banyan.common.deploy.DeploymentSpec;
import dev.banyan.common.deploy.ServiceDeployment;
import dev.banyan.common.manifest.model.FileDef;
import dev.banyan.common.manifest.model.FileRef;
import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns manifest text into a {@link CompiledDeployment}: parse, validate, convert each service to
 * the {@code ContainerSpec} an agent runs. Used by the engine on every deploy and by the CLI for
 * local checks, so both sides judge a file the same way.
 */
public final class DeploymentCompiler {
  private DeploymentCompiler() {}

  /**
   * Compiles already-interpolated manifest text (the output of {@code banyan-cli config}): a {@code
   * $} is literal here, every service is active (profiles were applied by the CLI).
   *
   * @param manifestText the YAML text
   * @param sourceName file name used in error messages
   * @param deploymentName the deployment's name (from {@code name:}, {@code --name} or the
   *     directory)
   * @param files contents of files the manifest names (secrets, configs), keyed by path as written
   * @throws ManifestException listing every error when the manifest is not valid
   */
  public static CompiledDeployment compile(
      String manifestText, String sourceName, String deploymentName, Map<String, byte[]> files) {
    ManifestPipeline.Result result =
        ManifestPipeline.run(
            manifestText,
            sourceName,
            Optional.empty(),
            ReadContext.forCompile(files),
            Optional.empty());
    Diagnostics d = result.diagnostics();
    if (!DeploymentNames.isValid(deploymentName)) {
      d.add(
          Diagnostic.Severity.ERROR,
          1,
          1,
          "name",
          NodeReader.quote(deploymentName) + " is not a valid deployment name",
          DeploymentNames.RULE);
    }
    result.manifest().ifPresent(m -> checkFiles(m, result.active(), files, d));
    d.throwIfErrors();
    Manifest manifest = result.manifest().orElseThrow();
    ContainerSpecConverter converter = new ContainerSpecConverter(deploymentName, manifest, files);
    List<ServiceDeployment> services = new ArrayList<>();
    for (Service s : result.active().values()) {
      services.add(converter.convert(s));
    }
    return new CompiledDeployment(new DeploymentSpec(deploymentName, services), d.warnings());
  }

  private static void checkFiles(
      Manifest m, Map<String, Service> active, Map<String, byte[]> files, Diagnostics d) {
    for (Service s : active.values()) {
      check(s.secrets(), m.secrets(), "secrets", files, d);
      check(s.configs(), m.configs(), "configs", files, d);
    }
  }

  private static void check(
      List<FileRef> refs,
      Map<String, FileDef> defs,
      String kind,
      Map<String, byte[]> files,
      Diagnostics d) {
    for (FileRef r : refs) {
      FileDef def = defs.get(r.source());
      if (def != null && !files.containsKey(def.file())) {
        d.add(
            Diagnostic.Severity.ERROR,
            def.position().line(),
            def.position().column(),
            kind + "." + r.source() + ".file",
            "no content was given for "
                + NodeReader.quote(def.file())
                + " of "
                + kind.substring(0, kind.length() - 1)
                + " "
                + NodeReader.quote(r.source()),
            "deploy with banyan-cli from the manifest's directory so it can read the file");
      }
    }
  }
}
