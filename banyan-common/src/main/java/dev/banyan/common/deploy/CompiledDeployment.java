package dev.banyan.common.deploy;

import java.util.List;

/** The result of compiling a valid manifest: the deployment and the warnings it produced. */
public record CompiledDeployment(DeploymentSpec spec, List<String> warnings) {
  public CompiledDeployment {
    warnings = List.copyOf(warnings);
  }
}
