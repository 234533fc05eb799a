package dev.banyan.vpc.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void parsesAndPrintsCanonicalForm() {
    Cidr c = Cidr.parse(" 10.210.0.0/16 ");
    assertThat(c).hasToString("10.210.0.0/16");
    assertThat(c.size()).isEqualTo(65536);
    assertThat(c.networkAddress().getHostAddress()).isEqualTo("10.210.0.0");
    assertThat(c.broadcastAddress().getHostAddress()).isEqualTo("10.210.255.255");
  }

  @Test
  void rejectsMalformedTextWithAClearSentence() {
    assertThatThrownBy(() -> Cidr.parse("10.210.0.0"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("write it as ADDRESS/PREFIX");
    assertThatThrownBy(() -> Cidr.parse("10.300.0.0/16"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("octet 300 is above 255");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> Cidr.parse("10.210.1.0/16"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("did you mean 10.210.0.0/16?");
  }

  @Test
  void containsAndOverlaps() {
    Cidr cluster = Cidr.parse("10.210.0.0/16");
    Cidr node = Cidr.parse("10.210.7.0/24");
    Cidr other = Cidr.parse("10.211.0.0/24");
    assertThat(cluster.contains(node)).isTrue();
    assertThat(node.contains(cluster)).isFalse();
    assertThat(cluster.overlaps(node)).isTrue();
    assertThat(node.overlaps(cluster)).isTrue();
    assertThat(cluster.overlaps(other)).isFalse();
    assertThat(node.contains(Cidr.parseAddress("10.210.7.200"))).isTrue();
    assertThat(node.contains(Cidr.parseAddress("10.210.8.1"))).isFalse();
  }

  @Test
  void subnetsGatewayAndHosts() {
    Cidr cluster = Cidr.parse("10.210.0.0/16");
    assertThat(cluster.subnetCount(24)).isEqualTo(256);
    assertThat(cluster.subnet(0, 24)).hasToString("10.210.0.0/24");
    assertThat(cluster.subnet(255, 24)).hasToString("10.210.255.0/24");
    assertThatThrownBy(() -> cluster.subnet(256, 24)).isInstanceOf(IllegalArgumentException.class);
    Cidr node = cluster.subnet(3, 24);
    assertThat(node.gateway().getHostAddress()).isEqualTo("10.210.3.1");
    assertThat(node.hosts()).hasSize(254);
    assertThat(node.hosts().get(253).getHostAddress()).isEqualTo("10.210.3.254");
    assertThat(Cidr.parse("192.168.0.0/30").hosts()).hasSize(2);
  }

  @Test
  void highAddressesCompareUnsigned() {
    assertThat(Cidr.parse("200.0.0.0/8")).isGreaterThan(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("250.1.0.0/16"))).isTrue();
  }
}
