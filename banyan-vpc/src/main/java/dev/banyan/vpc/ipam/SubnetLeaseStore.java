package dev.banyan.vpc.ipam;

/**
 * Durable storage of node subnet leases with compare-and-set claims. The engine implements it on
 * etcd; agents never see it (they learn their subnet from {@code RegisterResponse.subnet}).
 *
 * <p>An etcd implementation keeps two keys per lease, {@code /banyan/v1/ipam/subnets/<cidr>} → node
 * and {@code /banyan/v1/ipam/nodes/<node>} → cidr, and claims with one transaction: {@code
 * Txn.If(createRevision(subnetKey) == 0, createRevision(nodeKey) == 0).Then(put both)}. Because all
 * node subnets of a cluster have the same prefix length, "no key for this CIDR" is the same as "no
 * overlapping lease".
 */
public interface SubnetLeaseStore {

  /** Reads all leases at one consistent version. */
  SubnetLeaseTable read();

  /**
   * Atomically records {@code subnet} for {@code node} if neither the node nor the subnet has a
   * lease yet; returns false (and changes nothing) otherwise.
   */
  boolean claim(String node, Cidr subnet);

  /** Deletes the node's lease, if it has one (idempotent). */
  void release(String node);
}
