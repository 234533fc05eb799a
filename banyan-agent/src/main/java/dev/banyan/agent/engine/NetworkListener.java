package dev.banyan.agent.engine;

import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.RegisterResponse;

/** What the engine connection tells the node's network about: registrations and snapshots. */
public interface NetworkListener {

  /** No VPC (the agent's {@code --no-vpc}): nothing to set up, no network stream. */
  NetworkListener NONE =
      new NetworkListener() {
        @Override
        public void registered(RegisterResponse response) {}

        @Override
        public boolean followsNetwork() {
          return false;
        }

        @Override
        public void snapshot(NetworkSnapshot snapshot) {}
      };

  /**
   * Called after every successful registration, before assignments are followed; an exception
   * aborts the registration (the connection retries), so no container starts without its network.
   */
  void registered(RegisterResponse response);

  /** Whether to open the engine's network stream. */
  boolean followsNetwork();

  /** A new complete picture of the cluster's nodes and endpoints. */
  void snapshot(NetworkSnapshot snapshot);
}
