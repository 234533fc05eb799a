package dev.banyan.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkFanoutTest {
  @Test
  void anAgentWithoutVpcStillFollowsTheEndpointsForItsDependencies() {
    List<List<NetworkEndpoint>> seen = new ArrayList<>();
    NetworkFanout fanout = new NetworkFanout(seen::add, NetworkListener.NONE);
    NetworkEndpoint db = NetworkEndpoint.newBuilder().setService("db").setNode("node-a").build();

    fanout.snapshot(NetworkSnapshot.newBuilder().addEndpoints(db).build());

    assertThat(fanout.followsNetwork()).isTrue();
    assertThat(seen).containsExactly(List.of(db));
  }
}
