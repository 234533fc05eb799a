package dev.banyan.engine.testing;

import dev.banyan.common.deploy.CompiledDeployment;
import dev.banyan.common.deploy.DeploymentSpec;
import dev.banyan.common.deploy.ServiceDeployment;
import dev.banyan.proto.v1.Argv;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.PlacementSpec;
import dev.banyan.proto.v1.PortMapping;
import java.util.List;

/** Deployments built in code, standing in for compiled manifests. */
public final class Specs {
  private Specs() {}

  public static ServiceDeployment service(String name, int replicas, String image) {
    return new ServiceDeployment(
        name,
        replicas,
        ContainerSpec.newBuilder()
            .setImage(image)
            .setCommand(Argv.newBuilder().addArgs("httpd").addArgs("-f"))
            .putEnv("A", "1")
            .putEnv("B", "2")
            // Not published on the host: replicas of one service may then share a node.
            .addPorts(PortMapping.newBuilder().setContainerPort(80).setProtocol("tcp"))
            .build(),
        PlacementSpec.getDefaultInstance());
  }

  public static CompiledDeployment deployment(String name, ServiceDeployment... services) {
    return new CompiledDeployment(new DeploymentSpec(name, List.of(services)), List.of());
  }
}
