package dev.banyan.engine.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One store watch shared by every subscriber of an engine. Each agent's assignment stream used to
 * open its own etcd watch (a thread, a gRPC stream and a protobuf decode of every event per node),
 * which made the work per change grow with the number of nodes; now events are decoded once and
 * handed to each subscriber on one thread, in revision order.
 *
 * <p>A subscriber asks for events after a revision (that of the snapshot it just read). Events the
 * shared watch already passed on are replayed from a bounded buffer of recent events; if the buffer
 * no longer reaches back that far, the subscriber is told to resync, as after compaction.
 */
final class SharedWatch {
  private static final Logger log = LoggerFactory.getLogger(SharedWatch.class);

  /** Recent events kept for late subscribers (a deploy of 100,000 tasks writes that many). */
  static final int BUFFER_EVENTS = 20_000;

  private final BiFunction<Long, StoreListener, Subscription> source;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "store-watch-fanout");
            t.setDaemon(true);
            return t;
          });
  // Owned by the executor thread.
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final Deque<StoreEvent> recent = new ArrayDeque<>();
  private Subscription upstream;
  private long delivered = -1;

  /**
   * @param source opens the one underlying watch (after a revision, delivering to a listener)
   */
  SharedWatch(BiFunction<Long, StoreListener, Subscription> source) {
    this.source = source;
  }

  /** Delivers events after {@code afterRevision} to {@code listener} until the result is closed. */
  Subscription subscribe(long afterRevision, StoreListener listener) {
    Subscriber s = new Subscriber(afterRevision, listener);
    run(() -> add(s));
    return () -> run(() -> subscribers.remove(s));
  }

  private void run(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // Closed: nothing is delivered any more anyway.
    }
  }

  private void add(Subscriber s) {
    if (upstream == null) {
      delivered = s.after;
      upstream = source.apply(s.after, new Upstream());
    } else if (s.after < delivered) {
      boolean covered = !recent.isEmpty() && recent.peekFirst().revision() <= s.after;
      if (covered) {
        s.deliver(recent.stream().filter(e -> e.revision() > s.after).toList());
      } else {
        s.resync(delivered);
      }
    }
    subscribers.add(s);
  }

  /** Closes the underlying watch; subscribers get nothing more. */
  void close() {
    run(
        () -> {
          if (upstream != null) {
            upstream.close();
          }
          subscribers.clear();
        });
    executor.shutdown();
  }

  private final class Upstream implements StoreListener {
    @Override
    public void onEvents(List<StoreEvent> events) {
      run(
          () -> {
            delivered = events.get(events.size() - 1).revision();
            recent.addAll(events);
            while (recent.size() > BUFFER_EVENTS) {
              recent.removeFirst();
            }
            for (Subscriber s : List.copyOf(subscribers)) {
              s.deliver(events);
            }
          });
    }

    @Override
    public void onResync(long revision) {
      run(
          () -> {
            delivered = revision;
            recent.clear();
            for (Subscriber s : List.copyOf(subscribers)) {
              s.resync(revision);
            }
          });
    }
  }

  /** One listener and the revision it has seen up to. */
  private static final class Subscriber {
    private long after;
    private final StoreListener listener;

    Subscriber(long after, StoreListener listener) {
      this.after = after;
      this.listener = listener;
    }

    void deliver(List<StoreEvent> events) {
      List<StoreEvent> fresh =
          events.get(0).revision() > after
              ? events
              : events.stream().filter(e -> e.revision() > after).toList();
      if (fresh.isEmpty()) {
        return;
      }
      after = fresh.get(fresh.size() - 1).revision();
      try {
        listener.onEvents(fresh);
      } catch (RuntimeException e) {
        log.warn("a store listener failed on {} events", fresh.size(), e);
      }
    }

    void resync(long revision) {
      after = Math.max(after, revision);
      try {
        listener.onResync(revision);
      } catch (RuntimeException e) {
        log.warn("a store listener failed to resync", e);
      }
    }
  }
}
