package dev.banyan.engine.network;

import dev.banyan.engine.store.ClusterStore;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.ipam.SubnetAllocator;
import dev.banyan.vpc.ipam.SubnetLeases;
import java.util.Optional;

/**
 * The engine's IPAM entry point: establishes the cluster's network plan once (at start, or on the
 * first registration when etcd was unreachable at start), then leases and frees node subnets.
 */
public final class NodeSubnets {
  private static final int CLAIM_ATTEMPTS = 10;

  private final ClusterStore store;
  private final ClusterNetworkPlan plan;
  private final EtcdSubnetLeaseStore leaseStore;
  private Optional<SubnetAllocator> allocator = Optional.empty();

  public NodeSubnets(ClusterStore store, ClusterNetworkPlan plan) {
    this.store = store;
    this.plan = plan;
    this.leaseStore = new EtcdSubnetLeaseStore(store);
  }

  /** The cluster's plan, read from (or, for a new cluster, written to) the store on first use. */
  public synchronized SubnetAllocator allocator() {
    if (allocator.isEmpty()) {
      allocator = Optional.of(plan.establish(store));
    }
    return allocator.get();
  }

  /** The cluster CIDR every node subnet lies in. */
  public Cidr clusterCidr() {
    return allocator().clusterCidr();
  }

  /** The node's subnet: its existing lease, or a newly leased one. */
  public Cidr claim(String node) {
    return new SubnetLeases(leaseStore, allocator(), CLAIM_ATTEMPTS).claim(node);
  }

  /** Frees the node's subnet for reuse (the node was removed from the cluster). */
  public void release(String node) {
    leaseStore.release(node);
  }
}
