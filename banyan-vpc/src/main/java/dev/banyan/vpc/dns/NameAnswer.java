package dev.banyan.vpc.dns;

import java.net.Inet4Address;
import java.util.List;

/** What {@link ServiceNameResolver} decided for one query name. */
public sealed interface NameAnswer {

  /**
   * A Banyan name: answer with these addresses (possibly none: the name exists, no replica is
   * healthy).
   */
  record Addresses(List<Inet4Address> addresses) implements NameAnswer {
    public Addresses {
      addresses = List.copyOf(addresses);
    }
  }

  /** A name under {@code banyan.} that does not exist. */
  record NxDomain() implements NameAnswer {}

  /** Not a Banyan name: ask the host's resolvers. */
  record Forward() implements NameAnswer {}
}
