package dev.banyan.vpc.dns;

/**
 * Where the DNS server reads the cluster's services from; each call returns the latest complete
 * snapshot, so one query is answered from one consistent view.
 */
@FunctionalInterface
public interface ServiceDirectory {

  /** The current snapshot. */
  ServiceCatalog current();
}
