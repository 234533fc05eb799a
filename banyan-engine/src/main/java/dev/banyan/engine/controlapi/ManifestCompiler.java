package dev.banyan.engine.controlapi;

import dev.banyan.common.deploy.CompiledDeployment;
import dev.banyan.common.manifest.DeploymentCompiler;
import java.util.Map;

/**
 * Turns a deploy request's manifest into a deployment; {@link DeploymentCompiler} in production.
 */
@FunctionalInterface
public interface ManifestCompiler {
  /**
   * @throws dev.banyan.common.manifest.ManifestException when the manifest is not valid
   */
  CompiledDeployment compile(
      String manifestText, String sourceName, String deploymentName, Map<String, byte[]> files);

  /** The shared compiler the CLI uses too, so both judge a file the same way. */
  static ManifestCompiler standard() {
    return DeploymentCompiler::compile;
  }
}
