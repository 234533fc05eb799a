package dev.banyan.vpc.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.vpc.ipam.Cidr;
import org.junit.jupiter.api.Test;

class BridgeNetworkCommandsTest {
  private final BridgeNetworkSpec spec = BridgeNetworkSpec.forNode(Cidr.parse("10.210.3.0/24"));

  @Test
  void podmanCreateDisablesItsOwnDnsAndHasNoBridgeNameOption() {
    assertThat(new BridgeNetworkCommands(RuntimeDialect.PODMAN).create(spec))
        .containsExactly(
            "podman",
            "network",
            "create",
            "--driver",
            "bridge",
            "--subnet",
            "10.210.3.0/24",
            "--gateway",
            "10.210.3.1",
            "--disable-dns",
            "--label",
            "banyan.network=true",
            "banyan");
  }

  @Test
  void nerdctlAndDockerNameTheBridgeWithAnOption() {
    for (RuntimeDialect d : new RuntimeDialect[] {RuntimeDialect.NERDCTL, RuntimeDialect.DOCKER}) {
      assertThat(new BridgeNetworkCommands(d).create(spec))
          .containsExactly(
              d.binary(),
              "network",
              "create",
              "--driver",
              "bridge",
              "--subnet",
              "10.210.3.0/24",
              "--gateway",
              "10.210.3.1",
              "-o",
              "com.docker.network.bridge.name=banyan0",
              "--label",
              "banyan.network=true",
              "banyan");
    }
  }

  @Test
  void inspectTemplatesFollowEachRuntimesJson() {
    assertThat(new BridgeNetworkCommands(RuntimeDialect.PODMAN).inspect("banyan"))
        .containsExactly(
            "podman",
            "network",
            "inspect",
            "--format",
            "{{range .Subnets}}{{.Subnet}},{{.Gateway}} {{end}}|{{.NetworkInterface}}",
            "banyan");
    assertThat(new BridgeNetworkCommands(RuntimeDialect.NERDCTL).inspect("banyan"))
        .containsExactly(
            "nerdctl",
            "network",
            "inspect",
            "--format",
            "{{range .IPAM.Config}}{{.Subnet}},{{.Gateway}} {{end}}|",
            "banyan");
  }

  @Test
  void parsesInspectOutputSkippingIpv6() {
    var podman = new BridgeNetworkCommands(RuntimeDialect.PODMAN);
    var net = podman.parse("banyan", "fd00::/64,fd00::1 10.210.3.0/24,10.210.3.1 |podman3\n", "x");
    assertThat(net).isPresent();
    assertThat(net.get().subnet()).hasToString("10.210.3.0/24");
    assertThat(net.get().gateway().getHostAddress()).isEqualTo("10.210.3.1");
    assertThat(net.get().bridgeInterface()).isEqualTo("podman3");

    var docker = new BridgeNetworkCommands(RuntimeDialect.DOCKER);
    var d = docker.parse("banyan", "10.210.3.0/24, |\n", "banyan0");
    assertThat(d.get().bridgeInterface()).isEqualTo("banyan0");
    assertThat(d.get().gateway().getHostAddress()).isEqualTo("10.210.3.1");
    assertThat(docker.parse("banyan", "|", "banyan0")).isEmpty();
  }

  @Test
  void containerOptionsPointAtTheNodeDnsWithTheDeploymentSearchDomain() {
    assertThat(new BridgeNetworkCommands(RuntimeDialect.PODMAN).containerOptions(spec, "shop"))
        .containsExactly(
            "--network", "banyan", "--dns", "10.210.3.1", "--dns-search", "shop.banyan");
  }
}
