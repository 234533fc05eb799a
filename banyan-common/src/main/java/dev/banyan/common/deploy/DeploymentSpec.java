package dev.banyan.common.deploy;

import java.util.List;

/** A deployment as engines store and orchestrate it: a name and its services, in file order. */
public record DeploymentSpec(String name, List<ServiceDeployment> services) {
  public DeploymentSpec {
    services = List.copyOf(services);
  }
}
