package dev.banyan.engine.store;

import java.util.List;

/** Receives the changes a watch sees, in revision order, on one thread. */
public interface StoreListener {
  void onEvents(List<StoreEvent> events);

  /**
   * Events were lost (the watched revision was compacted away); the listener should rebuild its
   * view from a fresh snapshot. Level-triggered consumers simply run a full pass.
   */
  void onResync(long revision);
}
