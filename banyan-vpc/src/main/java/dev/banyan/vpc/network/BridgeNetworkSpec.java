package dev.banyan.vpc.network;

import dev.banyan.vpc.ipam.Cidr;
import java.net.Inet4Address;
import java.util.regex.Pattern;

/**
 * The bridge network a node's Banyan containers attach to: the runtime network's name, the Linux
 * bridge interface, the node's subnet, its gateway and the DNS server address given to containers.
 *
 * @param name runtime network name, e.g. {@code banyan}
 * @param bridgeName requested Linux bridge interface name (at most 15 characters); podman 4.3 picks
 *     its own, which {@link BridgeNetwork#bridgeInterface()} reports
 * @param subnet the node's subnet leased from IPAM
 * @param gateway the bridge's address, the containers' default route
 * @param dnsServer the address of the node's {@code ServiceDnsServer}, given as {@code --dns}
 */
public record BridgeNetworkSpec(
    String name, String bridgeName, Cidr subnet, Inet4Address gateway, Inet4Address dnsServer) {

  private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  private static final Pattern INTERFACE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,15}");

  public BridgeNetworkSpec {
    if (!NETWORK_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid network name '" + name + "'");
    }
    if (!INTERFACE_NAME.matcher(bridgeName).matches()) {
      throw new IllegalArgumentException(
          "invalid bridge interface name '" + bridgeName + "' (1-15 of a-z A-Z 0-9 _ . -)");
    }
    if (!subnet.contains(gateway) || !subnet.contains(dnsServer)) {
      throw new IllegalArgumentException(
          "gateway " + gateway.getHostAddress() + " and DNS server must lie in " + subnet);
    }
  }

  /**
   * The standard spec for a node: network {@code banyan} on bridge {@code banyan0}, gateway = first
   * host of the subnet, and the DNS server on the gateway address.
   */
  public static BridgeNetworkSpec forNode(Cidr subnet) {
    return new BridgeNetworkSpec("banyan", "banyan0", subnet, subnet.gateway(), subnet.gateway());
  }
}
