package dev.banyan.vpc.ipam;

import dev.banyan.common.cli.UserError;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives nodes their subnets: reads the leases, lets the pure {@link SubnetAllocator} choose, and
 * claims with compare-and-set, retrying a bounded number of times when another engine claimed the
 * same subnet first.
 *
 * <p>Wiring (engine): {@code new SubnetLeases(new EtcdSubnetLeaseStore(client), new
 * SubnetAllocator(clusterCidr, 24), 10)}; call {@link #claim} in {@code Register} and put the
 * result in {@code RegisterResponse.subnet} and {@code Node.subnet}; call {@link #release} from
 * {@code RemoveNode}.
 */
public final class SubnetLeases {
  private static final Logger log = LoggerFactory.getLogger(SubnetLeases.class);

  private final SubnetLeaseStore store;
  private final SubnetAllocator allocator;
  private final int maxAttempts;

  public SubnetLeases(SubnetLeaseStore store, SubnetAllocator allocator, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.store = store;
    this.allocator = allocator;
    this.maxAttempts = maxAttempts;
  }

  /**
   * Returns the node's subnet, leasing the lowest free one if it has none yet. Calling it again for
   * the same node (e.g. after an agent restart) returns the same subnet.
   *
   * @throws SubnetExhaustedException when the cluster CIDR is full
   * @throws UserError when other claimers won every one of the attempts
   */
  public Cidr claim(String node) {
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      SubnetLeaseTable table = store.read();
      Optional<Cidr> existing = table.subnetOf(node);
      if (existing.isPresent()) {
        return existing.get();
      }
      Cidr candidate = allocator.allocate(node, table.leases());
      if (store.claim(node, candidate)) {
        log.info("leased subnet {} to node {}", candidate, node);
        return candidate;
      }
      log.debug(
          "subnet {} for node {} was taken concurrently (attempt {})", candidate, node, attempt);
    }
    throw new UserError(
        "could not lease a subnet for node '"
            + node
            + "' after "
            + maxAttempts
            + " attempts because other nodes registered at the same time; retry the registration");
  }

  /** Frees the node's subnet so a later node can reuse it ({@code banyan-cli nodes rm}). */
  public void release(String node) {
    store.release(node);
    log.info("released the subnet of node {}", node);
  }

  /** The node's current subnet, if it has one. */
  public Optional<Cidr> subnetOf(String node) {
    return store.read().subnetOf(node);
  }
}
