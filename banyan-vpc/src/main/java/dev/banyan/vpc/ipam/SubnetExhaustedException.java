package dev.banyan.vpc.ipam;

import dev.banyan.common.cli.UserError;

/** No free subnet is left in the cluster CIDR for a node that needs one. */
public final class SubnetExhaustedException extends UserError {
  private static final long serialVersionUID = 1L;

  SubnetExhaustedException(Cidr clusterCidr, int subnetPrefix, String node, int inUse) {
    super(
        "the cluster CIDR "
            + clusterCidr
            + " has no free /"
            + subnetPrefix
            + " left for node '"
            + node
            + "' ("
            + inUse
            + " in use); remove nodes with 'banyan-cli nodes rm' or create the cluster with a"
            + " larger CIDR");
  }
}
