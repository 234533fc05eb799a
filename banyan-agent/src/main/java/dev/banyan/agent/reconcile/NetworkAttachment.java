package dev.banyan.agent.reconcile;

import java.util.List;

/** The runtime arguments that attach a deployment's containers to the node's network. */
@FunctionalInterface
public interface NetworkAttachment {

  /** No arguments: containers use the runtime's default network (the agent's {@code --no-vpc}). */
  NetworkAttachment RUNTIME_DEFAULT = deployment -> List.of();

  /**
   * The arguments for a container of {@code deployment}.
   *
   * @throws IllegalStateException when the node's network is not ready yet
   */
  List<String> options(String deployment);
}
