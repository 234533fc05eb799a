package dev.banyan.engine.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.banyan.proto.v1.MetricsSample;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics samples in etcd under {@code /banyan/v1/metrics/<node>/<millis>}; control loops and
 * streams ignore their watch events (they filter by kind). Every key is attached to a lease that
 * expires one retention (plus one lease period) after it was granted, so old samples vanish without
 * a sweeper and survive an engine restart. Size is bounded: at most one sample per node per {@code
 * spacing}, at most {@code maxBytes} each (containers beyond that are dropped from the stored
 * copy).
 */
public final class EtcdMetricsStore implements MetricsStore {
  private static final Logger log = LoggerFactory.getLogger(EtcdMetricsStore.class);

  /** The root of the metrics keys. */
  public static final String ROOT = dev.banyan.engine.store.Kind.METRICS.prefix();

  private static final int MAX_BYTES = 512 * 1024;
  private static final long TIMEOUT_SECONDS = 5;

  private final Client client;
  private final Duration retention;
  private final Duration spacing;
  private final Clock clock;
  private final Duration leasePeriod;
  private final Map<String, Instant> lastPut = new ConcurrentHashMap<>();
  private long leaseId;
  private Instant leaseGranted = Instant.EPOCH;

  public EtcdMetricsStore(Client client, Duration retention, Duration spacing, Clock clock) {
    this.client = client;
    this.retention = retention;
    this.spacing = spacing;
    this.clock = clock;
    // One lease per period shared by every key written in it: few leases, expiry within a period.
    Duration tenth = retention.dividedBy(10);
    this.leasePeriod = tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
  }

  @Override
  public void put(String node, MetricsSample sample) {
    Instant now = clock.instant();
    Instant last = lastPut.get(node);
    if (last != null && now.isBefore(last.plus(spacing))) {
      return;
    }
    lastPut.put(node, now);
    MetricsSample bounded = sample;
    while (bounded.getSerializedSize() > MAX_BYTES && bounded.getContainersCount() > 0) {
      bounded =
          bounded.toBuilder()
              .clearContainers()
              .addAllContainers(
                  bounded.getContainersList().subList(0, bounded.getContainersCount() / 2))
              .build();
    }
    try {
      long lease = lease(now);
      // Not awaited: a slow etcd must not delay the heartbeat that carried the sample.
      client
          .getKVClient()
          .put(
              bytes(String.format("%s%s/%020d", ROOT, node, now.toEpochMilli())),
              ByteSequence.from(bounded.toByteArray()),
              PutOption.builder().withLeaseId(lease).build())
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  log.debug("cannot store the metrics of {}: {}", node, e.toString());
                }
              });
    } catch (Exception e) {
      // Metrics are best effort: a lost sample leaves a gap, never fails a heartbeat.
      log.debug("cannot store the metrics of {}: {}", node, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized long lease(Instant now) throws Exception {
    if (leaseId == 0 || !now.isBefore(leaseGranted.plus(leasePeriod))) {
      long ttl = retention.plus(leasePeriod).toSeconds();
      leaseId = client.getLeaseClient().grant(ttl).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getID();
      leaseGranted = now;
    }
    return leaseId;
  }

  @Override
  public List<Stored> since(Instant from) {
    Instant oldest = clock.instant().minus(retention);
    Instant start = from.isBefore(oldest) ? oldest : from;
    List<Stored> out = new ArrayList<>();
    try {
      List<KeyValue> kvs =
          client
              .getKVClient()
              .get(bytes(ROOT), GetOption.builder().isPrefix(true).build())
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .getKvs();
      for (KeyValue kv : kvs) {
        String key = kv.getKey().toString(StandardCharsets.UTF_8).substring(ROOT.length());
        int slash = key.lastIndexOf('/');
        Instant at = Instant.ofEpochMilli(Long.parseLong(key.substring(slash + 1)));
        if (at.isBefore(start)) {
          continue;
        }
        out.add(
            new Stored(
                key.substring(0, slash), at, MetricsSample.parseFrom(kv.getValue().getBytes())));
      }
    } catch (InvalidProtocolBufferException | NumberFormatException e) {
      throw new IllegalStateException("corrupt metrics sample in etcd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading metrics", e);
    } catch (Exception e) {
      throw new dev.banyan.engine.store.StoreUnavailableException(
          "cannot read metrics from etcd: " + e.getMessage(), e);
    }
    return out;
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // The client belongs to the cluster store.
  }
}
