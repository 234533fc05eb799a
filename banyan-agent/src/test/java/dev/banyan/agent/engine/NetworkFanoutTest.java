package dev.banyan.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.MeshService;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkFanoutTest {
  @Test
  void anAgentWithoutVpcStillFollowsTheEndpointsForItsDependenciesAndItsMesh() {
    List<List<NetworkEndpoint>> seen = new ArrayList<>();
    List<List<MeshService>> meshed = new ArrayList<>();
    NetworkFanout fanout = new NetworkFanout(seen::add, meshed::add, NetworkListener.NONE);
    NetworkEndpoint db = NetworkEndpoint.newBuilder().setService("db").setNode("node-a").build();
    MeshService web = MeshService.newBuilder().setService("web").build();

    fanout.snapshot(NetworkSnapshot.newBuilder().addEndpoints(db).addMesh(web).build());

    assertThat(fanout.followsNetwork()).isTrue();
    assertThat(seen).containsExactly(List.of(db));
    assertThat(meshed).containsExactly(List.of(web));
  }
}
