package dev.banyan.vpc.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.vpc.ipam.Cidr;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeRoutesTest {
  private final NodeRoutes routes =
      new NodeRoutes(Cidr.parse("10.210.0.0/16"), Cidr.parse("10.210.0.0/24"));
  private final NodePeer b =
      new NodePeer("b", Cidr.parseAddress("192.168.1.12"), Cidr.parse("10.210.1.0/24"));
  private final NodePeer c =
      new NodePeer("c", Cidr.parseAddress("192.168.1.13"), Cidr.parse("10.210.2.0/24"));

  @Test
  void parsesIpJsonRoutes() {
    String json =
        "[{\"dst\":\"default\",\"gateway\":\"192.168.1.1\",\"dev\":\"eth0\",\"flags\":[]},"
            + "{\"dst\":\"10.210.0.0/24\",\"dev\":\"banyan0\",\"protocol\":\"kernel\","
            + "\"scope\":\"link\",\"prefsrc\":\"10.210.0.1\",\"flags\":[]},"
            + "{\"dst\":\"10.210.1.0/24\",\"gateway\":\"192.168.1.12\",\"dev\":\"eth0\","
            + "\"flags\":[]},{\"dst\":\"192.168.1.99\",\"dev\":\"eth0\",\"flags\":[]}]";
    assertThat(InstalledRoute.parseIpJson(json))
        .containsExactly(
            new InstalledRoute(
                Cidr.parse("0.0.0.0/0"), Optional.of(Cidr.parseAddress("192.168.1.1"))),
            new InstalledRoute(Cidr.parse("10.210.0.0/24"), Optional.empty()),
            new InstalledRoute(
                Cidr.parse("10.210.1.0/24"), Optional.of(Cidr.parseAddress("192.168.1.12"))),
            new InstalledRoute(Cidr.parse("192.168.1.99/32"), Optional.empty()));
    assertThat(InstalledRoute.parseIpJson("[]")).isEmpty();
  }

  @Test
  void addsMissingRoutesAndSkipsPresentOnes() {
    List<InstalledRoute> installed =
        List.of(new InstalledRoute(b.subnet(), Optional.of(b.hostAddress())));
    assertThat(routes.routeCommands(List.of(b, c), installed))
        .containsExactly(List.of("ip", "route", "replace", "10.210.2.0/24", "via", "192.168.1.13"));
  }

  @Test
  void replacesARouteWhoseNodeChangedAddress() {
    List<InstalledRoute> installed =
        List.of(new InstalledRoute(b.subnet(), Optional.of(Cidr.parseAddress("192.168.1.99"))));
    assertThat(routes.routeCommands(List.of(b), installed))
        .containsExactly(List.of("ip", "route", "replace", "10.210.1.0/24", "via", "192.168.1.12"));
  }

  @Test
  void removesRoutesOfDepartedNodesButNeverTheOwnBridgeOrForeignRoutes() {
    List<InstalledRoute> installed =
        List.of(
            new InstalledRoute(Cidr.parse("10.210.0.0/24"), Optional.empty()),
            new InstalledRoute(b.subnet(), Optional.of(b.hostAddress())),
            new InstalledRoute(c.subnet(), Optional.of(c.hostAddress())),
            new InstalledRoute(
                Cidr.parse("172.16.0.0/16"), Optional.of(Cidr.parseAddress("192.168.1.1"))));
    assertThat(routes.routeCommands(List.of(b), installed))
        .containsExactly(List.of("ip", "route", "del", "10.210.2.0/24"));
  }

  @Test
  void ignoresAPeerAnnouncingThisNodesOwnSubnet() {
    NodePeer confused =
        new NodePeer("x", Cidr.parseAddress("192.168.1.50"), Cidr.parse("10.210.0.0/24"));
    assertThat(routes.routeCommands(List.of(confused), List.of())).isEmpty();
  }

  @Test
  void firewallRulesAcceptClusterTrafficAndMasqueradeOutbound() {
    assertThat(routes.firewallRules())
        .extracting(FirewallRule::insertCommand)
        .contains(
            List.of(
                "iptables",
                "-w",
                "-t",
                "filter",
                "-I",
                "FORWARD",
                "1",
                "-s",
                "10.210.0.0/16",
                "-d",
                "10.210.0.0/16",
                "-j",
                "ACCEPT",
                "-m",
                "comment",
                "--comment",
                "banyan"),
            List.of(
                "iptables",
                "-w",
                "-t",
                "nat",
                "-I",
                "POSTROUTING",
                "1",
                "-s",
                "10.210.0.0/24",
                "!",
                "-d",
                "10.210.0.0/16",
                "-j",
                "MASQUERADE",
                "-m",
                "comment",
                "--comment",
                "banyan"));
  }
}
