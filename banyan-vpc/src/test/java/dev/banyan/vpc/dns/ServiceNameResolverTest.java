package dev.banyan.vpc.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.vpc.dns.ReplicaEndpoint.Health;
import dev.banyan.vpc.ipam.Cidr;
import java.net.Inet4Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceNameResolverTest {
  static final ServiceCatalog CATALOG =
      new ServiceCatalog(
          Map.of(
              "shop",
              Map.of(
                  "web",
                  List.of(
                      replica("1", "10.210.0.2", true, Health.HEALTHY),
                      replica("2", "10.210.1.2", true, Health.NONE),
                      replica("3", "10.210.1.3", true, Health.UNHEALTHY),
                      replica("4", "10.210.0.4", false, Health.NONE),
                      replica("5", "10.210.0.5", true, Health.STARTING)),
                  "db",
                  List.of(replica("1", "10.210.2.7", true, Health.NONE))),
              "blog",
              Map.of("web", List.of(replica("1", "10.210.3.2", true, Health.NONE)))));

  static ReplicaEndpoint replica(String slot, String ip, boolean running, Health health) {
    return new ReplicaEndpoint(slot, Cidr.parseAddress(ip), running, health);
  }

  private static NameAnswer resolve(String name) {
    return ServiceNameResolver.resolve(CATALOG, name, Optional.empty());
  }

  private static NameAnswer addresses(String... ips) {
    return new NameAnswer.Addresses(List.of(ips).stream().map(Cidr::parseAddress).toList());
  }

  @Test
  void fullNameGivesOnlyRunningHealthyReplicas() {
    assertThat(resolve("web.shop.banyan.")).isEqualTo(addresses("10.210.0.2", "10.210.1.2"));
    assertThat(resolve("WEB.Shop.BANYAN")).isEqualTo(addresses("10.210.0.2", "10.210.1.2"));
  }

  @Test
  void replicaNameGivesOneReplica() {
    assertThat(resolve("2.web.shop.banyan.")).isEqualTo(addresses("10.210.1.2"));
    assertThat(resolve("3.web.shop.banyan.")).isEqualTo(addresses()); // unhealthy: no address
    assertThat(resolve("9.web.shop.banyan.")).isEqualTo(new NameAnswer.NxDomain());
  }

  @Test
  void unknownNamesUnderTheZoneAreNxdomain() {
    assertThat(resolve("cache.shop.banyan.")).isEqualTo(new NameAnswer.NxDomain());
    assertThat(resolve("web.nowhere.banyan.")).isEqualTo(new NameAnswer.NxDomain());
    assertThat(resolve("nowhere.banyan.")).isEqualTo(new NameAnswer.NxDomain());
    assertThat(resolve("a.b.c.d.banyan.")).isEqualTo(new NameAnswer.NxDomain());
  }

  @Test
  void twoLabelFormAnswersKnownServicesAndForwardsTheRest() {
    assertThat(resolve("db.shop.")).isEqualTo(addresses("10.210.2.7"));
    assertThat(resolve("example.com.")).isEqualTo(new NameAnswer.Forward());
  }

  @Test
  void bareServicePrefersTheAskingContainersDeployment() {
    Inet4Address blogContainer = Cidr.parseAddress("10.210.3.2");
    assertThat(ServiceNameResolver.resolve(CATALOG, "web.", Optional.of(blogContainer)))
        .isEqualTo(addresses("10.210.3.2"));
    // Ambiguous without knowing the client: forwarded like any other single-label name.
    assertThat(resolve("web.")).isEqualTo(new NameAnswer.Forward());
    // Unique across the cluster: answered.
    assertThat(resolve("db.")).isEqualTo(addresses("10.210.2.7"));
    assertThat(resolve("localhost.")).isEqualTo(new NameAnswer.Forward());
  }
}
