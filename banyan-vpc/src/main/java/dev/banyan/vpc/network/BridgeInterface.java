package dev.banyan.vpc.network;

import dev.banyan.vpc.exec.CommandExecutor;
import java.util.List;

/**
 * Makes the bridge interface and its gateway address exist before any container does, so the DNS
 * server can bind to the gateway address when the agent starts.
 *
 * <p>Why: netavark and the CNI bridge plugin create the bridge when the first container attaches
 * and may delete it when the last one leaves. They adopt a bridge that already exists, and a socket
 * bound to the gateway keeps receiving after the address disappears and comes back, so creating it
 * once at agent start is enough; re-running {@link #ensure} is harmless.
 */
public final class BridgeInterface {
  private final CommandExecutor executor;

  public BridgeInterface(CommandExecutor executor) {
    this.executor = executor;
  }

  /** Creates the bridge if missing, gives it the gateway address and sets it up. */
  public void ensure(BridgeNetwork network) {
    String name = network.bridgeInterface();
    if (!executor.run(List.of("ip", "link", "show", "dev", name)).succeeded()) {
      executor.run(List.of("ip", "link", "add", name, "type", "bridge")).orThrow();
    }
    String address = network.gateway().getHostAddress() + "/" + network.subnet().prefixLength();
    executor.run(List.of("ip", "addr", "replace", address, "dev", name)).orThrow();
    executor.run(List.of("ip", "link", "set", name, "up")).orThrow();
  }
}
