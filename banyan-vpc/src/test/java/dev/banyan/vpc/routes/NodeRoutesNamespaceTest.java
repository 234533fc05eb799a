package dev.banyan.vpc.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.vpc.exec.CommandExecutor;
import dev.banyan.vpc.exec.CommandResult;
import dev.banyan.vpc.exec.ProcessCommandExecutor;
import dev.banyan.vpc.ipam.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Applies {@link NodeRoutesReconciler} inside a real network namespace joined to a second one by a
 * veth pair; all traffic stays between the two namespaces.
 */
class NodeRoutesNamespaceTest {
  private static final CommandExecutor HOST = new ProcessCommandExecutor(Duration.ofSeconds(20));

  private final String id = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  private final String nsA = "bnyt-" + id + "-a";
  private final String nsB = "bnyt-" + id + "-b";
  private final int octet = ThreadLocalRandom.current().nextInt(1, 250);
  private final Cidr cluster = Cidr.parse("10.210.0.0/16");
  private final Cidr ownSubnet = Cidr.parse("10.210.0.0/24");
  private final NodePeer b = peer("b", "10.214." + octet + ".2", "10.210.1.0/24");
  private final NodePeer c = peer("c", "10.214." + octet + ".3", "10.210.2.0/24");
  private CommandExecutor inA;

  @BeforeEach
  void createNamespaces() {
    sh("ip netns add " + nsA);
    sh("ip netns add " + nsB);
    sh(
        "ip link add bnyt"
            + id
            + "a netns "
            + nsA
            + " type veth peer name bnyt"
            + id
            + "b netns "
            + nsB);
    sh("ip -n " + nsA + " addr add 10.214." + octet + ".1/24 dev bnyt" + id + "a");
    sh("ip -n " + nsB + " addr add 10.214." + octet + ".2/24 dev bnyt" + id + "b");
    sh("ip -n " + nsA + " link set bnyt" + id + "a up");
    sh("ip -n " + nsB + " link set bnyt" + id + "b up");
    sh("ip -n " + nsA + " link set lo up");
    sh("ip -n " + nsB + " link set lo up");
    inA = HOST.inNetworkNamespace(nsA);
  }

  @AfterEach
  void deleteNamespaces() {
    // Deleting a namespace deletes its veth end, its routes and its firewall rules.
    HOST.run(List.of("ip", "netns", "del", nsA));
    HOST.run(List.of("ip", "netns", "del", nsB));
  }

  @Test
  void routesFollowNodesJoiningAndLeaving() {
    NodeRoutesReconciler reconciler =
        new NodeRoutesReconciler(inA, new NodeRoutes(cluster, ownSubnet));

    assertThat(reconciler.reconcile(List.of(b, c))).isEmpty();
    assertThat(routesInA()).contains(route(b), route(c));

    // Traffic really goes via B's host address: B owns 10.210.1.1 and answers.
    sh("ip -n " + nsB + " addr add 10.210.1.1/24 dev lo");
    assertThat(
            inA.run(List.of("/bin/busybox", "ping", "-c", "1", "-W", "2", "10.210.1.1"))
                .succeeded())
        .isTrue();

    assertThat(reconciler.reconcile(List.of(b))).isEmpty();
    assertThat(routesInA()).contains(route(b)).doesNotContain(route(c));

    NodePeer bMoved = peer("b", "10.214." + octet + ".4", "10.210.1.0/24");
    assertThat(reconciler.reconcile(List.of(bMoved))).isEmpty();
    assertThat(routesInA()).contains(route(bMoved)).doesNotContain(route(b));
  }

  @Test
  void forwardingAndFirewallRulesAreAppliedOnce() {
    NodeRoutesReconciler reconciler =
        new NodeRoutesReconciler(inA, new NodeRoutes(cluster, ownSubnet));
    reconciler.reconcile(List.of(b));
    reconciler.reconcile(List.of(b));

    assertThat(inA.run(List.of("cat", "/proc/sys/net/ipv4/ip_forward")).stdout().strip())
        .isEqualTo("1");
    String rules = inA.run(List.of("iptables-save")).orThrow().stdout();
    assertThat(rules.lines().filter(l -> l.contains("--comment banyan"))).hasSize(4);
    assertThat(rules)
        .contains("-A FORWARD -s 10.210.0.0/16 -d 10.210.0.0/16")
        .contains("-A POSTROUTING -s 10.210.0.0/24 ! -d 10.210.0.0/16")
        .contains("-j MASQUERADE");

    reconciler.removeAll();
    String after = inA.run(List.of("iptables-save")).orThrow().stdout();
    assertThat(after).doesNotContain("--comment banyan");
    assertThat(routesInA()).doesNotContain(route(b));
  }

  @Test
  void anUnreachablePeerIsReportedWithoutBlockingTheOthers() {
    NodePeer far = peer("far", "10.215.0.9", "10.210.9.0/24");
    List<CommandResult> failures =
        new NodeRoutesReconciler(inA, new NodeRoutes(cluster, ownSubnet))
            .reconcile(List.of(far, b));
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).argv()).contains("10.210.9.0/24");
    assertThat(routesInA()).contains(route(b));
  }

  private List<InstalledRoute> routesInA() {
    return InstalledRoute.parseIpJson(
        inA.run(List.of("ip", "-4", "-j", "route", "show")).orThrow().stdout());
  }

  private static InstalledRoute route(NodePeer p) {
    return new InstalledRoute(p.subnet(), Optional.of(p.hostAddress()));
  }

  private static NodePeer peer(String name, String host, String subnet) {
    return new NodePeer(name, Cidr.parseAddress(host), Cidr.parse(subnet));
  }

  private static void sh(String command) {
    HOST.run(List.of(command.split(" "))).orThrow();
  }
}
