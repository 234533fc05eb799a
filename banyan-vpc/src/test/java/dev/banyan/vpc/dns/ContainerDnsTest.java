package dev.banyan.vpc.dns;

import static dev.banyan.vpc.dns.ServiceNameResolverTest.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.vpc.dns.ReplicaEndpoint.Health;
import dev.banyan.vpc.exec.CommandExecutor;
import dev.banyan.vpc.exec.ProcessCommandExecutor;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.network.BridgeInterface;
import dev.banyan.vpc.network.BridgeNetwork;
import dev.banyan.vpc.network.BridgeNetworkCommands;
import dev.banyan.vpc.network.BridgeNetworkManager;
import dev.banyan.vpc.network.BridgeNetworkSpec;
import dev.banyan.vpc.network.RuntimeDialect;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wiring the agent does, end to end with real podman: bridge network, bridge created up front,
 * DNS server on the gateway, a busybox container resolving service names through it.
 */
class ContainerDnsTest {
  private static final String IMAGE = "localhost/banyan-busybox:latest";
  private static final CommandExecutor EXEC = new ProcessCommandExecutor(Duration.ofMinutes(2));

  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
  private final String networkName = "bnyt-" + suffix;
  private final Cidr subnet =
      Cidr.parse("10.213." + ThreadLocalRandom.current().nextInt(100, 250) + ".0/24");
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private String bridge;

  @BeforeAll
  static void buildImage() {
    EXEC.run(List.of("sh", "-c", "cd ../ && scripts/build-busybox-image.sh " + IMAGE)).orThrow();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    EXEC.run(List.of("podman", "rm", "-f", "-t", "0", "bnyt-c-" + suffix));
    EXEC.run(List.of("podman", "network", "rm", "-f", networkName));
    if (bridge != null) {
      EXEC.run(List.of("ip", "link", "del", bridge));
    }
  }

  @Test
  void containerResolvesServicesThroughTheNodeDnsServer() throws Exception {
    BridgeNetworkSpec spec =
        new BridgeNetworkSpec(
            networkName, "bnyt" + suffix, subnet, subnet.gateway(), subnet.gateway());
    BridgeNetworkCommands commands = new BridgeNetworkCommands(RuntimeDialect.PODMAN);
    BridgeNetwork network = new BridgeNetworkManager(EXEC, commands).ensure(spec);
    bridge = network.bridgeInterface();
    new BridgeInterface(EXEC).ensure(network);

    FakeUpstreamDns upstream = new FakeUpstreamDns(Map.of("outside.example.", "192.0.2.80"), false);
    toClose.add(upstream);
    ServiceCatalog catalog =
        new ServiceCatalog(
            Map.of(
                "shop", Map.of("web", List.of(replica("1", "10.210.7.7", true, Health.HEALTHY)))));
    ServiceDnsServer dns =
        new ServiceDnsServer(
            new InetSocketAddress(spec.dnsServer(), 53),
            new AtomicServiceDirectory(catalog),
            new UpstreamForwarder(List.of(upstream.address()), Duration.ofSeconds(2)),
            Duration.ofSeconds(2));
    toClose.add(dns);
    dns.start();

    List<String> run =
        new ArrayList<>(
            List.of(
                "podman",
                "--runtime",
                "runc",
                "run",
                "--rm",
                "--name",
                "bnyt-c-" + suffix,
                "--ulimit",
                "nofile=1024:1024",
                "--ulimit",
                "nproc=1024:1024"));
    run.addAll(commands.containerOptions(spec, "shop"));
    run.addAll(
        List.of(
            IMAGE,
            "sh",
            "-c",
            "nslookup web.shop.banyan; echo ===; nslookup outside.example; echo ===;"
                + " nslookup nope.shop.banyan; true"));
    String out = EXEC.run(run).orThrow().stdout();
    String[] parts = Pattern.compile("===").split(out, -1);
    assertThat(parts[0]).as(out).contains("10.210.7.7");
    assertThat(parts[1]).as(out).contains("192.0.2.80");
    assertThat(parts[2]).as(out).containsIgnoringCase("NXDOMAIN");
  }
}
