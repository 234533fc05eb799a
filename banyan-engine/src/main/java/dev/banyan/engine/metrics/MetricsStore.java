package dev.banyan.engine.metrics;

import dev.banyan.proto.v1.MetricsSample;
import java.time.Instant;
import java.util.List;

/** The short window of agents' metrics samples that every engine can read. */
public interface MetricsStore extends AutoCloseable {

  /** A sample as the engine received it. */
  record Stored(String node, Instant receivedAt, MetricsSample sample) {}

  /** Keeps a node's sample (the store may drop it when the node's last one is very recent). */
  void put(String node, MetricsSample sample);

  /** Every kept sample received at or after {@code from}, oldest first per node. */
  List<Stored> since(Instant from);

  @Override
  void close();
}
