package dev.banyan.vpc.ipam;

import java.util.Map;

/**
 * Chooses a node's subnet inside the cluster CIDR: the node's existing lease if it has one, else
 * the lowest subnet that overlaps no lease. Pure: it reads only its arguments, so it can be
 * property tested; persisting the choice is {@link SubnetLeases}'s job.
 *
 * @param clusterCidr the network every node subnet is cut from, e.g. 10.210.0.0/16
 * @param subnetPrefix the prefix length of each node's subnet, e.g. 24
 */
public record SubnetAllocator(Cidr clusterCidr, int subnetPrefix) {

  /** The defaults: 10.210.0.0/16 split into /24s (256 nodes of 254 containers). */
  public static SubnetAllocator defaults() {
    return new SubnetAllocator(Cidr.parse("10.210.0.0/16"), 24);
  }

  public SubnetAllocator {
    if (subnetPrefix < clusterCidr.prefixLength() || subnetPrefix > 30) {
      throw new IllegalArgumentException(
          "the node subnet prefix must be between /"
              + clusterCidr.prefixLength()
              + " and /30 for cluster CIDR "
              + clusterCidr
              + ", got /"
              + subnetPrefix);
    }
  }

  /**
   * Returns {@code node}'s subnet given the current leases (node name to subnet).
   *
   * @throws SubnetExhaustedException when every subnet of the cluster CIDR is leased
   */
  public Cidr allocate(String node, Map<String, Cidr> leases) {
    Cidr existing = leases.get(node);
    if (existing != null) {
      return existing;
    }
    long count = clusterCidr.subnetCount(subnetPrefix);
    // Linear scan: at most a few thousand subnets, and it keeps "lowest free" obvious.
    for (long i = 0; i < count; i++) {
      Cidr candidate = clusterCidr.subnet(i, subnetPrefix);
      if (leases.values().stream().noneMatch(candidate::overlaps)) {
        return candidate;
      }
    }
    throw new SubnetExhaustedException(clusterCidr, subnetPrefix, node, leases.size());
  }
}
