package dev.banyan.vpc.routes;

import dev.banyan.vpc.ipam.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The routing and firewall state one node needs, computed purely from the cluster CIDR, the node's
 * own subnet, the other nodes and the routes currently installed; {@link NodeRoutesReconciler} runs
 * the result.
 *
 * <p>Routes: one {@code ip route replace SUBNET via HOSTADDR} per other node. A route whose
 * destination lies inside the cluster CIDR, has a gateway and belongs to no current peer is one
 * Banyan installed for a node that has left, and is deleted. On-link routes (the node's own bridge)
 * are never touched.
 *
 * @param clusterCidr the whole cluster's container range, e.g. 10.210.0.0/16
 * @param ownSubnet this node's container subnet
 */
public record NodeRoutes(Cidr clusterCidr, Cidr ownSubnet) {

  /** Comment put on every firewall rule, so an operator sees where they come from. */
  public static final String RULE_COMMENT = "banyan";

  /** The argv to bring the route table from {@code installed} to what {@code peers} need. */
  public List<List<String>> routeCommands(
      Collection<NodePeer> peers, List<InstalledRoute> installed) {
    Map<Cidr, NodePeer> wanted =
        peers.stream()
            .filter(p -> !p.subnet().equals(ownSubnet))
            .collect(
                Collectors.toMap(
                    NodePeer::subnet,
                    Function.identity(),
                    // Two peers claiming one subnet is an IPAM bug; keep a deterministic winner.
                    (a, b) -> a.name().compareTo(b.name()) <= 0 ? a : b));
    List<List<String>> commands = new ArrayList<>();
    wanted.values().stream()
        .sorted(Comparator.comparing(NodePeer::subnet))
        .filter(
            p ->
                installed.stream()
                    .noneMatch(
                        r ->
                            r.destination().equals(p.subnet())
                                && r.gateway().equals(Optional.of(p.hostAddress()))))
        .forEach(
            p ->
                commands.add(
                    List.of(
                        "ip",
                        "route",
                        "replace",
                        p.subnet().toString(),
                        "via",
                        p.hostAddress().getHostAddress())));
    installed.stream()
        .filter(r -> r.gateway().isPresent())
        .filter(r -> clusterCidr.contains(r.destination()))
        .filter(r -> !r.destination().equals(ownSubnet))
        .filter(r -> !wanted.containsKey(r.destination()))
        .map(InstalledRoute::destination)
        .distinct()
        .sorted()
        .forEach(d -> commands.add(List.of("ip", "route", "del", d.toString())));
    return commands;
  }

  /**
   * The iptables rules (table, chain, match-and-target) that let containers reach each other across
   * nodes and reach the outside: accept forwarding inside the cluster CIDR, accept traffic leaving
   * the node's subnet and the replies coming back, and masquerade traffic from the node's subnet to
   * anything outside the cluster CIDR (container-to-container traffic keeps its source address).
   */
  public List<FirewallRule> firewallRules() {
    String cluster = clusterCidr.toString();
    String own = ownSubnet.toString();
    return List.of(
        new FirewallRule(
            "filter", "FORWARD", List.of("-s", cluster, "-d", cluster, "-j", "ACCEPT")),
        new FirewallRule("filter", "FORWARD", List.of("-s", own, "-j", "ACCEPT")),
        new FirewallRule(
            "filter",
            "FORWARD",
            List.of(
                "-d", own, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT")),
        new FirewallRule(
            "nat", "POSTROUTING", List.of("-s", own, "!", "-d", cluster, "-j", "MASQUERADE")));
  }
}
