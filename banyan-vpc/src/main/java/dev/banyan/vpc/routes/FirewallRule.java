package dev.banyan.vpc.routes;

import java.util.ArrayList;
import java.util.List;

/**
 * One iptables rule Banyan keeps in place, applied idempotently: {@code iptables -C} first and
 * {@code iptables -I CHAIN 1} only when the check fails, so it lands ahead of rules that the
 * runtime or a host firewall put in the chain with a DROP policy.
 *
 * @param table iptables table, {@code filter} or {@code nat}
 * @param chain chain, e.g. {@code FORWARD}
 * @param spec match and target, e.g. {@code -s 10.210.0.0/16 -j ACCEPT}
 */
public record FirewallRule(String table, String chain, List<String> spec) {
  public FirewallRule {
    spec = List.copyOf(spec);
  }

  /** {@code iptables -w -t TABLE -C CHAIN SPEC -m comment --comment banyan}: exit 0 if present. */
  public List<String> checkCommand() {
    return command("-C", List.of(chain));
  }

  /** Inserts the rule at the top of its chain. */
  public List<String> insertCommand() {
    return command("-I", List.of(chain, "1"));
  }

  /** Deletes the rule (used when a node leaves the cluster). */
  public List<String> deleteCommand() {
    return command("-D", List.of(chain));
  }

  private List<String> command(String op, List<String> where) {
    // -w waits for the xtables lock instead of failing when podman/netavark holds it.
    List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table, op));
    argv.addAll(where);
    argv.addAll(spec);
    argv.addAll(List.of("-m", "comment", "--comment", NodeRoutes.RULE_COMMENT));
    return argv;
  }
}
