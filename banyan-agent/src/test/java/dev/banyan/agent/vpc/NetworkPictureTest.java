package dev.banyan.agent.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkNode;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.vpc.dns.ReplicaEndpoint;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.routes.NodePeer;
import org.junit.jupiter.api.Test;

class NetworkPictureTest {
  private static final Cidr CLUSTER = Cidr.parse("10.210.0.0/16");

  private static NetworkNode node(String name, String host, String subnet) {
    return NetworkNode.newBuilder()
        .setName(name)
        .setHostAddress(host)
        .setSubnet(subnet)
        .setState(NodeState.NODE_STATE_READY)
        .build();
  }

  @Test
  void peersAreTheOtherNodesWithASubnetAndAnIpv4HostAddress() {
    NetworkSnapshot s =
        NetworkSnapshot.newBuilder()
            .addNodes(node("a", "192.0.2.1", "10.210.0.0/24"))
            .addNodes(node("b", "192.0.2.2", "10.210.1.0/24"))
            .addNodes(node("c", "host.example", "10.210.2.0/24"))
            .addNodes(node("d", "192.0.2.4", ""))
            .build();

    assertThat(NetworkPicture.peers(s, "a"))
        .containsExactly(
            new NodePeer("b", Cidr.parseAddress("192.0.2.2"), Cidr.parse("10.210.1.0/24")));
  }

  @Test
  void theCatalogKeepsEndpointsWithAClusterAddressAndTheirHealth() {
    NetworkSnapshot s =
        NetworkSnapshot.newBuilder()
            .addEndpoints(
                NetworkEndpoint.newBuilder()
                    .setDeployment("shop")
                    .setService("web")
                    .setReplica(1)
                    .addAddresses("10.88.0.5")
                    .addAddresses("10.210.1.5")
                    .setRunning(true)
                    .setHealth(Health.HEALTH_HEALTHY))
            .addEndpoints(
                NetworkEndpoint.newBuilder()
                    .setDeployment("shop")
                    .setService("web")
                    .setReplica(2)
                    .addAddresses("10.210.1.6")
                    .setRunning(true)
                    .setHealth(Health.HEALTH_UNHEALTHY))
            .addEndpoints(
                NetworkEndpoint.newBuilder()
                    .setDeployment("shop")
                    .setService("db")
                    .setReplica(1)
                    .setRunning(false))
            .build();

    var web = NetworkPicture.catalog(s, CLUSTER).service("shop", "web").orElseThrow();
    assertThat(web)
        .extracting(ReplicaEndpoint::address)
        .containsExactly(Cidr.parseAddress("10.210.1.5"), Cidr.parseAddress("10.210.1.6"));
    assertThat(web).filteredOn(ReplicaEndpoint::answers).hasSize(1);
    assertThat(NetworkPicture.catalog(s, CLUSTER).service("shop", "db")).isEmpty();
  }
}
