package dev.banyan.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedWatchTest {
  private final AtomicReference<StoreListener> upstream = new AtomicReference<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final SharedWatch watch =
      new SharedWatch(
          (after, listener) -> {
            opened.incrementAndGet();
            upstream.set(listener);
            return () -> {};
          });

  @AfterEach
  void close() {
    watch.close();
  }

  private static StoreEvent event(String task, long revision) {
    return new StoreEvent(StoreKey.task(task), false, Optional.empty(), Optional.empty(), revision);
  }

  private record Seen(List<Long> revisions, List<Long> resyncs) implements StoreListener {
    Seen() {
      this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    @Override
    public void onEvents(List<StoreEvent> events) {
      events.forEach(e -> revisions.add(e.revision()));
    }

    @Override
    public void onResync(long revision) {
      resyncs.add(revision);
    }
  }

  @Test
  void everySubscriberSeesEachEventOnceFromOneUnderlyingWatch() {
    Seen a = new Seen();
    Seen b = new Seen();
    watch.subscribe(10, a);
    watch.subscribe(10, b);
    await().atMost(Duration.ofSeconds(5)).until(() -> upstream.get() != null);
    upstream.get().onEvents(List.of(event("t1", 11), event("t2", 12)));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.revisions().size() == 2);
    assertThat(a.revisions()).containsExactly(11L, 12L);
    assertThat(b.revisions()).containsExactly(11L, 12L);
    assertThat(opened).hasValue(1);
  }

  @Test
  void aLateSubscriberGetsTheEventsAfterItsSnapshotReplayedAndSkipsOlderOnes() {
    Seen first = new Seen();
    watch.subscribe(10, first);
    await().atMost(Duration.ofSeconds(5)).until(() -> upstream.get() != null);
    upstream.get().onEvents(List.of(event("t1", 11), event("t2", 12), event("t3", 13)));
    await().atMost(Duration.ofSeconds(5)).until(() -> first.revisions().size() == 3);

    Seen late = new Seen();
    watch.subscribe(11, late); // its snapshot was at revision 11
    Seen ahead = new Seen();
    watch.subscribe(13, ahead); // already has everything up to 13
    upstream.get().onEvents(List.of(event("t4", 14)));
    await().atMost(Duration.ofSeconds(5)).until(() -> late.revisions().size() == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> ahead.revisions().size() == 1);
    assertThat(late.revisions()).containsExactly(12L, 13L, 14L);
    assertThat(ahead.revisions()).containsExactly(14L);
    assertThat(late.resyncs()).isEmpty();
  }

  @Test
  void aSubscriberFurtherBackThanTheBufferIsToldToResync() {
    Seen first = new Seen();
    watch.subscribe(10, first);
    await().atMost(Duration.ofSeconds(5)).until(() -> upstream.get() != null);
    upstream.get().onEvents(List.of(event("t1", 11), event("t2", 12)));
    await().atMost(Duration.ofSeconds(5)).until(() -> first.revisions().size() == 2);

    Seen old = new Seen();
    watch.subscribe(5, old);
    await().atMost(Duration.ofSeconds(5)).until(() -> old.resyncs().size() == 1);
    assertThat(old.resyncs()).containsExactly(12L);
    assertThat(old.revisions()).isEmpty();
  }

  @Test
  void aClosedSubscriptionGetsNothingMore() {
    Seen a = new Seen();
    Subscription s = watch.subscribe(10, a);
    await().atMost(Duration.ofSeconds(5)).until(() -> upstream.get() != null);
    upstream.get().onEvents(List.of(event("t1", 11)));
    await().atMost(Duration.ofSeconds(5)).until(() -> a.revisions().size() == 1);
    s.close();
    Seen b = new Seen();
    watch.subscribe(11, b);
    upstream.get().onEvents(List.of(event("t2", 12)));
    await().atMost(Duration.ofSeconds(5)).until(() -> b.revisions().size() == 1);
    assertThat(a.revisions()).containsExactly(11L);
  }
}
