package dev.banyan.vpc.dns;

import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of every replica in the cluster by deployment and service, as the node's
 * DNS server answers from it. Names are matched case-insensitively, as DNS does.
 *
 * @param deployments deployment name → service name → replicas (all of them; {@link
 *     ReplicaEndpoint#answers()} decides who is handed out)
 */
public record ServiceCatalog(Map<String, Map<String, List<ReplicaEndpoint>>> deployments) {

  public ServiceCatalog {
    Map<String, Map<String, List<ReplicaEndpoint>>> copy = new HashMap<>();
    deployments.forEach(
        (d, services) -> {
          Map<String, List<ReplicaEndpoint>> s = new HashMap<>();
          services.forEach((name, replicas) -> s.put(lower(name), List.copyOf(replicas)));
          copy.put(lower(d), Map.copyOf(s));
        });
    deployments = Map.copyOf(copy);
  }

  /** A catalog with no deployments. */
  public static ServiceCatalog empty() {
    return new ServiceCatalog(Map.of());
  }

  /** Whether a deployment of this name exists. */
  public boolean hasDeployment(String deployment) {
    return deployments.containsKey(lower(deployment));
  }

  /** The replicas of a service, or empty when the deployment or service does not exist. */
  public Optional<List<ReplicaEndpoint>> service(String deployment, String service) {
    return Optional.ofNullable(deployments.get(lower(deployment))).map(s -> s.get(lower(service)));
  }

  /** The deployments that have a service of this name. */
  public List<String> deploymentsWithService(String service) {
    return deployments.entrySet().stream()
        .filter(e -> e.getValue().containsKey(lower(service)))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The deployment a container address belongs to, used to resolve bare service names. */
  public Optional<String> deploymentOf(Inet4Address address) {
    return deployments.entrySet().stream()
        .filter(
            e ->
                e.getValue().values().stream()
                    .flatMap(List::stream)
                    .anyMatch(r -> r.address().equals(address)))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
