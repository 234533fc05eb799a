package dev.banyan.vpc.network;

import dev.banyan.vpc.ipam.Cidr;
import java.net.Inet4Address;

/**
 * A bridge network as the runtime reports it after {@link BridgeNetworkManager#ensure}.
 *
 * @param name runtime network name
 * @param bridgeInterface the Linux bridge the runtime uses for it
 * @param subnet the network's IPv4 subnet
 * @param gateway the bridge's address
 */
public record BridgeNetwork(
    String name, String bridgeInterface, Cidr subnet, Inet4Address gateway) {}
