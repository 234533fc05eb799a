package dev.banyan.vpc.dns;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ServiceDirectory} whose snapshot the agent replaces in one step whenever it learns of a
 * change; the next query already sees it (the 2 s TTL bounds how long clients cache the old one).
 */
public final class AtomicServiceDirectory implements ServiceDirectory {
  private final AtomicReference<ServiceCatalog> catalog;

  public AtomicServiceDirectory(ServiceCatalog initial) {
    this.catalog = new AtomicReference<>(initial);
  }

  @Override
  public ServiceCatalog current() {
    return catalog.get();
  }

  /** Makes {@code next} the snapshot every following query is answered from. */
  public void replace(ServiceCatalog next) {
    catalog.set(next);
  }
}
