package dev.banyan.common.manifest;

import dev.banyan.common.deploy.CompiledDeployment;
import java.util.Map;

/**
 * Turns manifest text into a {@link CompiledDeployment}: parse, validate, convert each service to
 * the {@code ContainerSpec} an agent runs. Used by the engine on every deploy and by the CLI for
 * local checks, so both sides judge a file the same way.
 */
public final class DeploymentCompiler {
  private DeploymentCompiler() {}

  /**
   * Compiles already-interpolated manifest text (the output of {@code banyan-cli config}).
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
    throw new UnsupportedOperationException("manifest compilation lands with the manifest issue");
  }
}
