package dev.banyan.vpc.ipam;

import java.util.Map;
import java.util.Optional;

/**
 * Every node's subnet lease as read at one store version (for etcd: the read revision).
 *
 * @param leases node name to subnet
 * @param version the store's version of this read; it grows with every change
 */
public record SubnetLeaseTable(Map<String, Cidr> leases, long version) {
  public SubnetLeaseTable {
    leases = Map.copyOf(leases);
  }

  /** The subnet leased to {@code node}, if any. */
  public Optional<Cidr> subnetOf(String node) {
    return Optional.ofNullable(leases.get(node));
  }
}
