package dev.banyan.engine.leader;

import com.google.protobuf.StringValue;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks one engine to run the controllers: a lease-backed key {@code leader/controllers} created
 * only if absent. The holder renews its lease; when it dies the key expires after the TTL and a
 * standby, which retries every third of the TTL, takes over. Controllers stay correct even with two
 * leaders for a moment, because every write is compare-and-set.
 */
public final class LeaderElection {
  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);
  private static final StoreKey KEY = StoreKey.leader("controllers");

  private final ClusterStore store;
  private final String engineId;
  private final Duration ttl;
  private final Runnable onElected;
  private final Runnable onDemoted;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "leader-election");
            t.setDaemon(true);
            return t;
          });
  private long lease;
  private boolean leader;
  private long lastRenewal;

  public LeaderElection(
      ClusterStore store, String engineId, Duration ttl, Runnable onElected, Runnable onDemoted) {
    this.store = store;
    this.engineId = engineId;
    this.ttl = ttl;
    this.onElected = onElected;
    this.onDemoted = onDemoted;
  }

  public void start() {
    long period = Math.max(200, ttl.toMillis() / 3);
    var unused = executor.scheduleWithFixedDelay(this::round, 0, period, TimeUnit.MILLISECONDS);
  }

  public synchronized boolean isLeader() {
    return leader;
  }

  private synchronized void round() {
    try {
      if (leader) {
        if (store.keepAliveOnce(lease)) {
          lastRenewal = System.nanoTime();
        } else {
          demote("the leader lease expired");
        }
        return;
      }
      if (lease == 0 || !store.keepAliveOnce(lease)) {
        lease = store.grantLease(ttl);
      }
      store.commit(List.of(new StoreOp.Put(KEY, StringValue.of(engineId), StoreOp.ABSENT, lease)));
      leader = true;
      lastRenewal = System.nanoTime();
      log.info("engine {} now runs the controllers", engineId);
      onElected.run();
    } catch (ConflictException e) {
      // Another engine leads.
    } catch (RuntimeException e) {
      log.warn("leader election round failed: {}", e.toString());
      if (leader && System.nanoTime() - lastRenewal > ttl.toNanos()) {
        demote("etcd could not be reached for longer than the leader lease");
      }
    }
  }

  private void demote(String why) {
    leader = false;
    lease = 0;
    log.warn("engine {} stops running the controllers: {}", engineId, why);
    onDemoted.run();
  }

  /** Stops campaigning; a leader steps down and frees the key for a standby at once. */
  public void stop() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (leader) {
        leader = false;
        onDemoted.run();
      }
      if (lease != 0) {
        try {
          store.revokeLease(lease);
        } catch (RuntimeException e) {
          log.debug("could not revoke the leader lease; it expires by itself", e);
        }
        lease = 0;
      }
    }
  }
}
