package dev.banyan.agent.runtime;

/** A running stream (logs, events) that the caller can stop. */
public interface Subscription extends AutoCloseable {
  /** Stops the stream; no callback runs after it returns. Idempotent. */
  @Override
  void close();
}
