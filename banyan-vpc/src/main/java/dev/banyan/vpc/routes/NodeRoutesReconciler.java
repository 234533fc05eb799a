package dev.banyan.vpc.routes;

import dev.banyan.vpc.exec.CommandExecutor;
import dev.banyan.vpc.exec.CommandResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link NodeRoutes} through a {@link CommandExecutor}: reads {@code ip -j route show},
 * replaces missing or wrong routes, deletes routes of departed nodes, and keeps IP forwarding and
 * the firewall rules in place. Every call is idempotent, so the agent simply calls {@link
 * #reconcile} whenever the node list changes and on a timer.
 *
 * <p>Wiring (agent): {@code var routes = new NodeRoutesReconciler(new
 * ProcessCommandExecutor(Duration.ofSeconds(10)), new NodeRoutes(clusterCidr, ownSubnet));} then
 * {@code routes.reconcile(peers)} with every other READY/DOWN node's (name, host_address, subnet).
 */
public final class NodeRoutesReconciler {
  private static final Logger log = LoggerFactory.getLogger(NodeRoutesReconciler.class);

  private final CommandExecutor executor;
  private final NodeRoutes routes;

  public NodeRoutesReconciler(CommandExecutor executor, NodeRoutes routes) {
    this.executor = executor;
    this.routes = routes;
  }

  /**
   * Brings routes, forwarding and firewall rules to the desired state for {@code peers}.
   *
   * @return the commands that failed (e.g. a peer whose host address is not on a directly connected
   *     network); the others were still applied
   */
  public List<CommandResult> reconcile(Collection<NodePeer> peers) {
    List<CommandResult> failures = new ArrayList<>();
    run(List.of("sysctl", "-w", "net.ipv4.ip_forward=1"), failures);
    for (FirewallRule rule : routes.firewallRules()) {
      if (!executor.run(rule.checkCommand()).succeeded()) {
        run(rule.insertCommand(), failures);
      }
    }
    CommandResult shown = executor.run(List.of("ip", "-4", "-j", "route", "show"));
    if (!shown.succeeded()) {
      failures.add(shown);
      return failures;
    }
    for (List<String> argv :
        routes.routeCommands(peers, InstalledRoute.parseIpJson(shown.stdout()))) {
      run(argv, failures);
    }
    return failures;
  }

  /** Removes Banyan's firewall rules and cluster routes (the node is leaving the cluster). */
  public void removeAll() {
    for (FirewallRule rule : routes.firewallRules()) {
      while (executor.run(rule.checkCommand()).succeeded()) {
        if (!executor.run(rule.deleteCommand()).succeeded()) {
          break;
        }
      }
    }
    CommandResult shown = executor.run(List.of("ip", "-4", "-j", "route", "show")).orThrow();
    for (List<String> argv :
        routes.routeCommands(List.of(), InstalledRoute.parseIpJson(shown.stdout()))) {
      executor.run(argv);
    }
  }

  private void run(List<String> argv, List<CommandResult> failures) {
    CommandResult r = executor.run(argv);
    if (r.succeeded()) {
      log.debug("applied {}", argv);
    } else {
      log.warn("'{}' failed: {}", String.join(" ", argv), r.stderr().strip());
      failures.add(r);
    }
  }
}
