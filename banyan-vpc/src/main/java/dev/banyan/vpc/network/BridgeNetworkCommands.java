package dev.banyan.vpc.network;

import dev.banyan.vpc.ipam.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the argv of the runtime's {@code network} commands for one {@link RuntimeDialect}, and
 * reads back what {@link #inspect} prints. podman, nerdctl and docker share the verbs; they differ
 * in how the bridge name is set and where inspect keeps the subnet.
 */
public record BridgeNetworkCommands(RuntimeDialect dialect) {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * {@code network create}. The bridge name is passed to nerdctl and docker as {@code -o
   * com.docker.network.bridge.name=...}; podman 4.3 has no such option (newer ones call it
   * --interface-name), so podman picks a {@code podmanN} name that inspect reports. podman gets
   * {@code --disable-dns} so its aardvark-dns does not take port 53 on the gateway from Banyan's
   * DNS server.
   */
  public List<String> create(BridgeNetworkSpec spec) {
    List<String> argv = new ArrayList<>(List.of(dialect.binary(), "network", "create"));
    argv.addAll(List.of("--driver", "bridge"));
    argv.addAll(List.of("--subnet", spec.subnet().toString()));
    argv.addAll(List.of("--gateway", spec.gateway().getHostAddress()));
    switch (dialect) {
      case PODMAN -> argv.add("--disable-dns");
      case NERDCTL, DOCKER ->
          argv.addAll(List.of("-o", "com.docker.network.bridge.name=" + spec.bridgeName()));
    }
    argv.addAll(List.of("--label", "banyan.network=true"));
    argv.add(spec.name());
    return argv;
  }

  /** {@code network inspect} printing {@code SUBNET,GATEWAY ...|BRIDGE} (see {@link #parse}). */
  public List<String> inspect(String networkName) {
    String format =
        switch (dialect) {
          case PODMAN -> "{{range .Subnets}}{{.Subnet}},{{.Gateway}} {{end}}|{{.NetworkInterface}}";
          // nerdctl's docker-compatible inspect has no bridge name; it is the one we asked for.
          case NERDCTL, DOCKER -> "{{range .IPAM.Config}}{{.Subnet}},{{.Gateway}} {{end}}|";
        };
    return List.of(dialect.binary(), "network", "inspect", "--format", format, networkName);
  }

  /** {@code network rm}. */
  public List<String> remove(String networkName) {
    return List.of(dialect.binary(), "network", "rm", networkName);
  }

  /**
   * The options a Banyan container of {@code deployment} gets on {@code run}/{@code create}: the
   * network, the node's DNS server, and a search domain so that a bare {@code SERVICE} name
   * resolves within the container's own deployment.
   */
  public List<String> containerOptions(BridgeNetworkSpec spec, String deployment) {
    return List.of(
        "--network",
        spec.name(),
        "--dns",
        spec.dnsServer().getHostAddress(),
        "--dns-search",
        deployment + ".banyan");
  }

  /** Whether a failed inspect means "no such network" rather than a broken runtime. */
  public static boolean isNotFound(String stderr) {
    String s = stderr.toLowerCase();
    return s.contains("not found") || s.contains("no such network");
  }

  /**
   * Reads the output of {@link #inspect}: the first IPv4 subnet and the bridge name ({@code
   * requestedBridge} when the runtime does not report one).
   */
  public Optional<BridgeNetwork> parse(String networkName, String output, String requestedBridge) {
    String line = output.strip();
    int bar = line.lastIndexOf('|');
    String subnets = bar < 0 ? line : line.substring(0, bar);
    String bridge = bar < 0 ? "" : line.substring(bar + 1).strip();
    for (String pair : WHITESPACE.split(subnets.trim(), -1)) {
      String[] parts = pair.split(",", -1);
      if (parts[0].isEmpty() || parts[0].contains(":")) {
        continue; // empty or IPv6
      }
      Cidr subnet = Cidr.parse(parts[0]);
      var gateway =
          parts.length > 1 && !parts[1].isBlank() && !parts[1].equals("<nil>")
              ? Cidr.parseAddress(parts[1])
              : subnet.gateway();
      return Optional.of(
          new BridgeNetwork(
              networkName, bridge.isEmpty() ? requestedBridge : bridge, subnet, gateway));
    }
    return Optional.empty();
  }
}
