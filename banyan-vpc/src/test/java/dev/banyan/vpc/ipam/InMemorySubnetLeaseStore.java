package dev.banyan.vpc.ipam;

import java.util.HashMap;
import java.util.Map;

/** A {@link SubnetLeaseStore} in memory with the same CAS contract as etcd; for unit tests. */
final class InMemorySubnetLeaseStore implements SubnetLeaseStore {
  private final Map<String, Cidr> leases = new HashMap<>();
  private long version;

  @Override
  public synchronized SubnetLeaseTable read() {
    return new SubnetLeaseTable(leases, version);
  }

  @Override
  public synchronized boolean claim(String node, Cidr subnet) {
    if (leases.containsKey(node) || leases.containsValue(subnet)) {
      return false;
    }
    leases.put(node, subnet);
    version++;
    return true;
  }

  @Override
  public synchronized void release(String node) {
    if (leases.remove(node) != null) {
      version++;
    }
  }
}
