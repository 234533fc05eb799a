package dev.banyan.e2e.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Network namespaces for a multi-node test on one machine: a "core" namespace holding a bridge (and
 * the engine and etcd), and one namespace per node joined to that bridge by a veth pair, each with
 * its own address in 198.51.100.0/24 (TEST-NET-2). Nothing is added to the root namespace, so
 * deleting the namespaces removes every interface, address, route and firewall rule of the test.
 *
 * <p>Commands run in a namespace with {@code nsenter --net=/var/run/netns/NAME}, never {@code ip
 * netns exec} (which remounts /sys and hides the cgroups podman needs).
 */
public final class NamespaceLab implements AutoCloseable {
  /** The core namespace's address on the bridge. */
  public static final String CORE_ADDRESS = "198.51.100.100";

  private final String prefix = "bnyt" + UUID.randomUUID().toString().substring(0, 6);
  private final List<String> created = new ArrayList<>();

  /** The common prefix of every namespace name of this lab, e.g. {@code bnyt1a2b3c}. */
  public String prefix() {
    return prefix;
  }

  /** The namespace holding the bridge; create it first. */
  public String core() {
    return prefix + "-c";
  }

  /** Creates the core namespace with the bridge. */
  public NamespaceLab createCore() {
    addNamespace(core());
    ip("-n", core(), "link", "add", "br0", "type", "bridge");
    ip("-n", core(), "addr", "add", CORE_ADDRESS + "/24", "dev", "br0");
    ip("-n", core(), "link", "set", "br0", "up");
    return this;
  }

  /**
   * Creates the node namespace {@code <prefix>-<suffix>} with {@code address}/24 on its eth0, the
   * other end plugged into the core bridge; returns the namespace's name.
   */
  public String addNode(String suffix, String address) {
    String ns = prefix + "-" + suffix;
    addNamespace(ns);
    String hostEnd = "v" + suffix;
    ip("-n", core(), "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip("-n", core(), "link", "set", hostEnd, "master", "br0", "up");
    ip("-n", ns, "addr", "add", address + "/24", "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    return ns;
  }

  /** {@code command} prefixed to run in namespace {@code ns}. */
  public static List<String> in(String ns, List<String> command) {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + ns));
    argv.addAll(command);
    return argv;
  }

  /** Runs {@code command} in namespace {@code ns} to completion. */
  public static ProcessResult run(String ns, List<String> command, Map<String, String> env) {
    return Binaries.exec(in(ns, command), env, null);
  }

  private void addNamespace(String ns) {
    ip("netns", "add", ns);
    created.add(ns);
    ip("-n", ns, "link", "set", "lo", "up");
  }

  private static void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    ProcessResult r = Binaries.exec(argv, Map.of(), null);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.describe());
    }
  }

  /** Deletes the namespaces (and with them their interfaces, routes and rules). */
  @Override
  public void close() {
    for (int i = created.size() - 1; i >= 0; i--) {
      Binaries.exec(List.of("ip", "netns", "del", created.get(i)), Map.of(), null);
    }
    created.clear();
  }
}
