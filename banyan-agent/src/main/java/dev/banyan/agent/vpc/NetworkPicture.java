package dev.banyan.agent.vpc;

import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.NetworkNode;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.vpc.dns.ReplicaEndpoint;
import dev.banyan.vpc.dns.ServiceCatalog;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.routes.NodePeer;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts the engine's {@link NetworkSnapshot} into what the VPC library works with. */
public final class NetworkPicture {
  private NetworkPicture() {}

  /**
   * The nodes other than {@code self} that have a subnet and an IPv4 host address; DOWN nodes stay,
   * so their containers are reachable again as soon as they come back.
   */
  public static List<NodePeer> peers(NetworkSnapshot snapshot, String self) {
    List<NodePeer> peers = new ArrayList<>();
    for (NetworkNode n : snapshot.getNodesList()) {
      if (n.getName().equals(self)
          || n.getSubnet().isEmpty()
          || (n.getState() != NodeState.NODE_STATE_READY
              && n.getState() != NodeState.NODE_STATE_DOWN)) {
        continue;
      }
      ipv4(n.getHostAddress())
          .ifPresent(a -> peers.add(new NodePeer(n.getName(), a, Cidr.parse(n.getSubnet()))));
    }
    return peers;
  }

  /**
   * Every endpoint with an address inside {@code clusterCidr}, by deployment and service; the
   * catalog decides from running and health which ones DNS hands out.
   */
  public static ServiceCatalog catalog(NetworkSnapshot snapshot, Cidr clusterCidr) {
    Map<String, Map<String, List<ReplicaEndpoint>>> deployments = new HashMap<>();
    for (NetworkEndpoint e : snapshot.getEndpointsList()) {
      Optional<Inet4Address> address =
          e.getAddressesList().stream()
              .map(NetworkPicture::ipv4)
              .flatMap(Optional::stream)
              .filter(clusterCidr::contains)
              .findFirst();
      if (address.isEmpty()) {
        continue;
      }
      deployments
          .computeIfAbsent(e.getDeployment(), d -> new HashMap<>())
          .computeIfAbsent(e.getService(), s -> new ArrayList<>())
          .add(
              new ReplicaEndpoint(
                  Integer.toString(e.getReplica()), address.get(), e.getRunning(), health(e)));
    }
    return new ServiceCatalog(deployments);
  }

  private static ReplicaEndpoint.Health health(NetworkEndpoint e) {
    return switch (e.getHealth()) {
      case HEALTH_STARTING -> ReplicaEndpoint.Health.STARTING;
      case HEALTH_HEALTHY -> ReplicaEndpoint.Health.HEALTHY;
      case HEALTH_UNHEALTHY -> ReplicaEndpoint.Health.UNHEALTHY;
      default -> ReplicaEndpoint.Health.NONE;
    };
  }

  private static Optional<Inet4Address> ipv4(String text) {
    try {
      return text.isEmpty() || text.contains(":")
          ? Optional.empty()
          : Optional.of(Cidr.parseAddress(text));
    } catch (RuntimeException e) { // Cidr reports a malformed address as a UserError
      return Optional.empty();
    }
  }
}
