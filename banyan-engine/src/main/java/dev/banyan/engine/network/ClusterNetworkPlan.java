package dev.banyan.engine.network;

import dev.banyan.common.cli.UserError;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.proto.ClusterNetwork;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.ipam.SubnetAllocator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster CIDR and node subnet size, fixed by the first engine that starts: later engines adopt
 * what is stored, and an engine asked for different values refuses to start (changing them would
 * invalidate every leased subnet).
 *
 * @param clusterCidr the CIDR requested on this engine's command line, if any
 * @param nodeSubnetPrefix the node subnet prefix requested on this engine's command line, if any
 */
public record ClusterNetworkPlan(Optional<Cidr> clusterCidr, OptionalInt nodeSubnetPrefix) {
  private static final Logger log = LoggerFactory.getLogger(ClusterNetworkPlan.class);

  /** The default cluster CIDR, 10.210.0.0/16. */
  public static final String DEFAULT_CIDR = "10.210.0.0/16";

  /** The default node subnet prefix, /24. */
  public static final int DEFAULT_PREFIX = 24;

  /** Nothing requested: adopt the cluster's plan, or the defaults for a new cluster. */
  public static ClusterNetworkPlan unspecified() {
    return new ClusterNetworkPlan(Optional.empty(), OptionalInt.empty());
  }

  /**
   * Reads the cluster's plan, storing this engine's (or the default) if the cluster has none yet.
   *
   * @throws UserError when this engine asks for values other than the stored ones
   */
  public SubnetAllocator establish(ClusterStore store) {
    Cidr cidr = clusterCidr.orElse(Cidr.parse(DEFAULT_CIDR));
    int prefix = nodeSubnetPrefix.orElse(DEFAULT_PREFIX);
    SubnetAllocator requested;
    try {
      requested = new SubnetAllocator(cidr, prefix);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "--node-subnet-size /"
              + prefix
              + " does not fit --cluster-cidr "
              + cidr
              + ": "
              + e.getMessage(),
          e);
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<ClusterNetwork> stored =
          store.get(StoreKey.clusterNetwork()).map(v -> (ClusterNetwork) v.value());
      if (stored.isPresent()) {
        return adopt(stored.get());
      }
      ClusterNetwork plan =
          ClusterNetwork.newBuilder()
              .setClusterCidr(cidr.toString())
              .setNodeSubnetPrefix(prefix)
              .build();
      try {
        store.commit(List.of(StoreOp.put(StoreKey.clusterNetwork(), plan, StoreOp.ABSENT)));
        log.info("cluster network: {} split into /{} node subnets", cidr, prefix);
        return requested;
      } catch (ConflictException e) {
        // Another engine stored its plan first: adopt (or refuse) it on the next pass.
      }
    }
    throw new UserError("could not read or store the cluster network plan; check etcd and retry");
  }

  private SubnetAllocator adopt(ClusterNetwork stored) {
    Cidr storedCidr = Cidr.parse(stored.getClusterCidr());
    int storedPrefix = stored.getNodeSubnetPrefix();
    boolean cidrDiffers = clusterCidr.isPresent() && !clusterCidr.get().equals(storedCidr);
    boolean prefixDiffers =
        nodeSubnetPrefix.isPresent() && nodeSubnetPrefix.getAsInt() != storedPrefix;
    if (cidrDiffers || prefixDiffers) {
      throw new UserError(
          "this cluster was created with --cluster-cidr "
              + storedCidr
              + " --node-subnet-size "
              + storedPrefix
              + " and they cannot change; start the engine with those values or without the"
              + " options");
    }
    return new SubnetAllocator(storedCidr, storedPrefix);
  }
}
