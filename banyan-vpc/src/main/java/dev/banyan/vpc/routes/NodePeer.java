package dev.banyan.vpc.routes;

import dev.banyan.vpc.ipam.Cidr;
import java.net.Inet4Address;

/**
 * Another node of the cluster as far as routing cares: its containers' subnet is reached through
 * its host address (host-gw style; the nodes must share a layer-2 network).
 *
 * @param name node name
 * @param hostAddress the node's IP as other nodes see it ({@code Node.host_address})
 * @param subnet the node's container subnet ({@code Node.subnet})
 */
public record NodePeer(String name, Inet4Address hostAddress, Cidr subnet) {}
