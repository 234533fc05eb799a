package dev.banyan.agent.engine;

import dev.banyan.proto.v1.MeshService;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.RegisterResponse;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows the engine's network stream on every agent, VPC or not: each snapshot's endpoints go to
 * the reconciler (so {@code depends_on} conditions hold across nodes), its published services to
 * the routing mesh, and the whole snapshot to the node's VPC when it has one.
 */
public final class NetworkFanout implements NetworkListener {
  private final Consumer<List<NetworkEndpoint>> endpoints;
  private final Consumer<List<MeshService>> mesh;
  private final NetworkListener vpc;

  /** {@code vpc} is {@link NetworkListener#NONE} for an agent started with {@code --no-vpc}. */
  public NetworkFanout(
      Consumer<List<NetworkEndpoint>> endpoints,
      Consumer<List<MeshService>> mesh,
      NetworkListener vpc) {
    this.endpoints = endpoints;
    this.mesh = mesh;
    this.vpc = vpc;
  }

  @Override
  public void registered(RegisterResponse response) {
    vpc.registered(response);
  }

  @Override
  public boolean followsNetwork() {
    return true;
  }

  @Override
  public void snapshot(NetworkSnapshot snapshot) {
    // Endpoints first: a VPC that fails to apply a snapshot must not hold back dependants.
    endpoints.accept(snapshot.getEndpointsList());
    mesh.accept(snapshot.getMeshList());
    if (vpc.followsNetwork()) {
      vpc.snapshot(snapshot);
    }
  }
}
