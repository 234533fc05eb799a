package dev.banyan.engine.store;

/** A running watch; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
