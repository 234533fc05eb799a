package dev.banyan.vpc.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import dev.banyan.vpc.exec.CommandExecutor;
import dev.banyan.vpc.exec.CommandResult;
import dev.banyan.vpc.exec.ProcessCommandExecutor;
import dev.banyan.vpc.ipam.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Creates the bridge network through real podman (netavark here) and runs busybox on it. */
class PodmanBridgeNetworkTest {
  private static final String IMAGE = "localhost/banyan-busybox:latest";
  private static final CommandExecutor EXEC = new ProcessCommandExecutor(Duration.ofMinutes(2));

  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
  private final String networkName = "bnyt-" + suffix;
  // 10.213.100-249.0/24: outside podman's default 10.88/16 and Banyan's default 10.210/16.
  private final Cidr subnet =
      Cidr.parse("10.213." + ThreadLocalRandom.current().nextInt(100, 250) + ".0/24");
  private final List<String> bridgesToDelete = new ArrayList<>();

  @BeforeAll
  static void buildImage() {
    EXEC.run(List.of("sh", "-c", "cd ../ && scripts/build-busybox-image.sh " + IMAGE)).orThrow();
  }

  @AfterEach
  void cleanUp() {
    EXEC.run(List.of("podman", "rm", "-f", "-t", "0", "bnyt-c-" + suffix));
    EXEC.run(List.of("podman", "network", "rm", "-f", networkName));
    for (String bridge : bridgesToDelete) {
      EXEC.run(List.of("ip", "link", "del", bridge));
    }
  }

  @Test
  void containerOnTheBanyanNetworkGetsAnAddressFromTheNodeSubnet() {
    BridgeNetworkSpec spec =
        new BridgeNetworkSpec(
            networkName, "bnyt" + suffix, subnet, subnet.gateway(), subnet.gateway());
    BridgeNetworkCommands commands = new BridgeNetworkCommands(RuntimeDialect.PODMAN);
    BridgeNetworkManager manager = new BridgeNetworkManager(EXEC, commands);

    BridgeNetwork network = manager.ensure(spec);
    bridgesToDelete.add(network.bridgeInterface());
    assertThat(manager.ensure(spec)).isEqualTo(network); // idempotent
    assertThat(network.subnet()).isEqualTo(subnet);
    assertThat(network.gateway()).isEqualTo(subnet.gateway());

    // The agent creates the bridge before any container so its DNS server can bind the gateway.
    new BridgeInterface(EXEC).ensure(network);
    new BridgeInterface(EXEC).ensure(network);

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
    run.addAll(List.of(IMAGE, "sh", "-c", "ip -4 -o addr show eth0; cat /etc/resolv.conf"));
    CommandResult result = EXEC.run(run).orThrow();

    Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/24").matcher(result.stdout());
    assertThat(m.find()).as(result.stdout()).isTrue();
    assertThat(subnet.contains(Cidr.parseAddress(m.group(1)))).isTrue();
    assertThat(result.stdout())
        .contains("nameserver " + subnet.gateway().getHostAddress())
        .contains("search shop.banyan");
  }

  @Test
  void existingNetworkWithAnotherSubnetIsRefused() {
    BridgeNetworkManager manager =
        new BridgeNetworkManager(EXEC, new BridgeNetworkCommands(RuntimeDialect.PODMAN));
    BridgeNetwork network =
        manager.ensure(
            new BridgeNetworkSpec(networkName, "x", subnet, subnet.gateway(), subnet.gateway()));
    bridgesToDelete.add(network.bridgeInterface());
    Cidr other = Cidr.parse("10.213.99.0/24");
    assertThatThrownBy(
            () ->
                manager.ensure(
                    new BridgeNetworkSpec(
                        networkName, "x", other, other.gateway(), other.gateway())))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has subnet " + subnet + " but this node's subnet is " + other);
  }
}
