package dev.banyan.vpc.dns;

import java.net.Inet4Address;

/**
 * One replica as DNS sees it: its slot, its address on its node's bridge, and whether it runs and
 * passes its healthcheck.
 *
 * @param replica the replica slot as in the {@code banyan.replica} label, e.g. {@code 1}
 * @param address the container's IPv4 address ({@code TaskStatus.addresses})
 * @param running whether the container is running
 * @param health the healthcheck's verdict; {@link Health#NONE} when the service has none
 */
public record ReplicaEndpoint(
    String replica, Inet4Address address, boolean running, Health health) {

  /** A healthcheck's verdict. */
  public enum Health {
    /** The service has no healthcheck: a running replica counts as healthy. */
    NONE,
    STARTING,
    HEALTHY,
    UNHEALTHY
  }

  /** Whether DNS hands out this replica's address: running, and healthy or without a check. */
  public boolean answers() {
    return running && (health == Health.NONE || health == Health.HEALTHY);
  }
}
