package dev.banyan.vpc.dns;

import java.net.Inet4Address;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The name rules of Banyan's service DNS, as a pure function of a {@link ServiceCatalog}:
 *
 * <ul>
 *   <li>{@code SERVICE.DEPLOYMENT.banyan} → the running, healthy replicas of the service;
 *   <li>{@code REPLICA.SERVICE.DEPLOYMENT.banyan} → that one replica, if running and healthy;
 *   <li>{@code SERVICE.DEPLOYMENT} → the same as with {@code .banyan} when that service exists;
 *   <li>{@code SERVICE} → the service in the asking container's own deployment, else in the only
 *       deployment that has one of that name;
 *   <li>any other name under {@code banyan} → NXDOMAIN; anything else → forwarded upstream.
 * </ul>
 *
 * <p>Containers get {@code search DEPLOYMENT.banyan} in resolv.conf, so their resolver tries {@code
 * SERVICE.DEPLOYMENT.banyan} first for a bare {@code SERVICE}; the bare and two-label forms serve
 * resolvers that query the name as given.
 */
public final class ServiceNameResolver {

  /** The DNS zone Banyan answers authoritatively. */
  public static final String ZONE = "banyan";

  private ServiceNameResolver() {}

  /** Decides the answer for {@code name} (with or without trailing dot) asked by {@code client}. */
  public static NameAnswer resolve(
      ServiceCatalog catalog, String name, Optional<Inet4Address> client) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    List<String> labels = n.isEmpty() ? List.of() : List.of(n.split("\\.", -1));
    if (!labels.isEmpty() && labels.get(labels.size() - 1).equals(ZONE)) {
      return underZone(catalog, labels.subList(0, labels.size() - 1));
    }
    if (labels.size() == 2) {
      return catalog
          .service(labels.get(1), labels.get(0))
          .<NameAnswer>map(ServiceNameResolver::healthy)
          .orElse(new NameAnswer.Forward());
    }
    if (labels.size() == 1) {
      String service = labels.get(0);
      Optional<String> own = client.flatMap(catalog::deploymentOf);
      if (own.isPresent() && catalog.service(own.get(), service).isPresent()) {
        return healthy(catalog.service(own.get(), service).get());
      }
      List<String> candidates = catalog.deploymentsWithService(service);
      if (candidates.size() == 1) {
        return healthy(catalog.service(candidates.get(0), service).get());
      }
    }
    return new NameAnswer.Forward();
  }

  private static NameAnswer underZone(ServiceCatalog catalog, List<String> labels) {
    return switch (labels.size()) {
      case 0 -> new NameAnswer.Addresses(List.of());
      case 1 ->
          catalog.hasDeployment(labels.get(0))
              ? new NameAnswer.Addresses(List.of())
              : new NameAnswer.NxDomain();
      case 2 ->
          catalog
              .service(labels.get(1), labels.get(0))
              .<NameAnswer>map(ServiceNameResolver::healthy)
              .orElse(new NameAnswer.NxDomain());
      case 3 -> replica(catalog, labels);
      default -> new NameAnswer.NxDomain();
    };
  }

  private static NameAnswer replica(ServiceCatalog catalog, List<String> labels) {
    String replica = labels.get(0);
    return catalog
        .service(labels.get(2), labels.get(1))
        .flatMap(rs -> rs.stream().filter(r -> r.replica().equalsIgnoreCase(replica)).findFirst())
        .<NameAnswer>map(r -> healthy(List.of(r)))
        .orElse(new NameAnswer.NxDomain());
  }

  private static NameAnswer.Addresses healthy(List<ReplicaEndpoint> replicas) {
    return new NameAnswer.Addresses(
        replicas.stream().filter(ReplicaEndpoint::answers).map(ReplicaEndpoint::address).toList());
  }
}
