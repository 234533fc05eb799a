package dev.banyan.engine.store;

import com.google.protobuf.Message;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on everything under {@code /banyan/v1/} that outlives etcd restarts: when the stream
 * fails it is opened again from the last revision delivered, and when that revision was compacted
 * the listener is told to resync.
 */
final class EtcdWatch implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(EtcdWatch.class);

  private final Client client;
  private final StoreListener listener;
  // One thread delivers events and reopens the watch, so the listener sees them in order.
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "etcd-watch");
            t.setDaemon(true);
            return t;
          });
  private long lastRevision;
  private long backoffMillis = 100;
  private Watch.Watcher watcher;
  private volatile boolean closed;

  EtcdWatch(Client client, long afterRevision, StoreListener listener) {
    this.client = client;
    this.lastRevision = afterRevision;
    this.listener = listener;
  }

  EtcdWatch start() {
    executor.execute(this::open);
    return this;
  }

  private void open() {
    if (closed) {
      return;
    }
    WatchOption option =
        WatchOption.builder()
            .isPrefix(true)
            .withPrevKV(true)
            .withRevision(lastRevision + 1)
            .build();
    Watch.Listener jetcdListener =
        Watch.listener(
            response -> submit(() -> deliver(response)),
            error -> submit(() -> reopen(error)),
            () -> submit(() -> reopen(null)));
    watcher =
        client.getWatchClient().watch(EtcdClusterStore.bytes(Kind.ROOT), option, jetcdListener);
  }

  private void submit(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed: the client shutting down reports an error we no longer care about.
    }
  }

  private void deliver(WatchResponse response) {
    if (closed) {
      return;
    }
    backoffMillis = 100;
    List<StoreEvent> events = new ArrayList<>();
    for (WatchEvent event : response.getEvents()) {
      KeyValue kv = event.getKeyValue();
      if (kv.getModRevision() <= lastRevision) {
        continue; // already delivered before a reconnect
      }
      Optional<StoreKey> key = Kind.keyOf(kv.getKey().toString(StandardCharsets.UTF_8));
      if (key.isEmpty()) {
        continue;
      }
      boolean deleted = event.getEventType() == WatchEvent.EventType.DELETE;
      Optional<Message> value =
          deleted
              ? Optional.empty()
              : Optional.of(key.get().kind().parse(kv.getValue().getBytes()));
      KeyValue prev = event.getPrevKV();
      Optional<Message> previous =
          prev == null || prev.getValue().isEmpty()
              ? Optional.empty()
              : Optional.of(key.get().kind().parse(prev.getValue().getBytes()));
      events.add(new StoreEvent(key.get(), deleted, value, previous, kv.getModRevision()));
    }
    if (!events.isEmpty()) {
      lastRevision = events.get(events.size() - 1).revision();
      try {
        listener.onEvents(events);
      } catch (RuntimeException e) {
        log.warn("a store listener failed on {} events", events.size(), e);
      }
    }
  }

  private void reopen(Throwable error) {
    if (closed) {
      return;
    }
    closeWatcher();
    if (error != null && String.valueOf(error.getMessage()).contains("compacted")) {
      long compactRevision = currentRevision();
      log.info("watch fell behind compaction; resyncing at revision {}", compactRevision);
      lastRevision = compactRevision;
      listener.onResync(compactRevision);
    } else {
      log.debug("watch interrupted; reopening from revision {}", lastRevision + 1, error);
    }
    var unused = executor.schedule(this::open, backoffMillis, TimeUnit.MILLISECONDS);
    backoffMillis = Math.min(backoffMillis * 2, 2000);
  }

  private long currentRevision() {
    try {
      return client
          .getKVClient()
          .get(EtcdClusterStore.bytes(Kind.ROOT))
          .get(5, TimeUnit.SECONDS)
          .getHeader()
          .getRevision();
    } catch (Exception e) {
      return lastRevision;
    }
  }

  private void closeWatcher() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (RuntimeException e) {
        log.debug("closing a failed watch", e);
      }
      watcher = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    submit(this::closeWatcher);
    executor.shutdown();
  }
}
