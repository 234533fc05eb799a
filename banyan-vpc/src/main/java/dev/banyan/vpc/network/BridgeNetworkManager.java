package dev.banyan.vpc.network;

import dev.banyan.common.cli.UserError;
import dev.banyan.vpc.exec.CommandExecutor;
import dev.banyan.vpc.exec.CommandFailedException;
import dev.banyan.vpc.exec.CommandResult;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the runtime has the node's bridge network, idempotently: inspect, create when missing,
 * and refuse (with a sentence saying what to do) when a network of that name exists with another
 * subnet.
 *
 * <p>Wiring (agent, after {@code Register} returned the subnet): {@code var spec =
 * BridgeNetworkSpec.forNode(Cidr.parse(resp.getSubnet())); var net = new BridgeNetworkManager(exec,
 * new BridgeNetworkCommands(dialect)).ensure(spec);} then {@code new BridgeInterface(exec)
 * .ensure(net)} before binding the DNS server on {@code spec.dnsServer()}, and add {@link
 * BridgeNetworkCommands#containerOptions} to every container's create argv.
 */
public final class BridgeNetworkManager {
  private static final Logger log = LoggerFactory.getLogger(BridgeNetworkManager.class);

  private final CommandExecutor executor;
  private final BridgeNetworkCommands commands;

  public BridgeNetworkManager(CommandExecutor executor, BridgeNetworkCommands commands) {
    this.executor = executor;
    this.commands = commands;
  }

  /** Creates the network if needed and returns it as the runtime reports it. */
  public BridgeNetwork ensure(BridgeNetworkSpec spec) {
    Optional<BridgeNetwork> existing = find(spec);
    if (existing.isEmpty()) {
      CommandResult created = executor.run(commands.create(spec));
      if (!created.succeeded() && !created.stderr().toLowerCase().contains("already exists")) {
        throw new UserError(
            "could not create the runtime network '"
                + spec.name()
                + "' with subnet "
                + spec.subnet()
                + ": "
                + created.stderr().strip()
                + "; check that no other network uses this subnet ("
                + commands.dialect().binary()
                + " network ls)");
      }
      log.info("created runtime network {} with subnet {}", spec.name(), spec.subnet());
      existing = find(spec);
    }
    BridgeNetwork network =
        existing.orElseThrow(
            () ->
                new UserError(
                    "the runtime network '"
                        + spec.name()
                        + "' has no IPv4 subnet; remove it with '"
                        + commands.dialect().binary()
                        + " network rm "
                        + spec.name()
                        + "' and restart the agent"));
    if (!network.subnet().equals(spec.subnet())) {
      throw new UserError(
          "the runtime network '"
              + spec.name()
              + "' has subnet "
              + network.subnet()
              + " but this node's subnet is "
              + spec.subnet()
              + "; stop its containers, remove it with '"
              + commands.dialect().binary()
              + " network rm "
              + spec.name()
              + "' and restart the agent");
    }
    return network;
  }

  /** Removes the network (e.g. when a node leaves the cluster); absent is fine. */
  public void remove(String networkName) {
    CommandResult result = executor.run(commands.remove(networkName));
    if (!result.succeeded() && !BridgeNetworkCommands.isNotFound(result.stderr())) {
      throw new CommandFailedException(result);
    }
  }

  private Optional<BridgeNetwork> find(BridgeNetworkSpec spec) {
    List<String> argv = commands.inspect(spec.name());
    CommandResult result = executor.run(argv);
    if (!result.succeeded()) {
      if (BridgeNetworkCommands.isNotFound(result.stderr())) {
        return Optional.empty();
      }
      throw new CommandFailedException(result);
    }
    // A network without an IPv4 subnet parses as absent; create then fails with "already
    // exists" and ensure() reports it.
    return commands.parse(spec.name(), result.stdout(), spec.bridgeName());
  }
}
