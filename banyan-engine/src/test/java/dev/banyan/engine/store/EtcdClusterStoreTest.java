package dev.banyan.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdClusterStoreTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private ClusterStore store;

  @BeforeEach
  void setUp() {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
  }

  @Test
  void keepsEveryDeploymentRevisionInHistory() {
    for (long rev = 1; rev <= 3; rev++) {
      StoredDeployment d = StoredDeployment.newBuilder().setName("web").setRevision(rev).build();
      long expected = store.deployment("web").map(Versioned::modRevision).orElse(StoreOp.ABSENT);
      store.commit(
          List.of(
              StoreOp.put(StoreKey.deployment("web"), d, expected),
              StoreOp.put(StoreKey.history("web", rev), d, StoreOp.ABSENT)));
    }
    assertThat(store.deployment("web").orElseThrow().value().getRevision()).isEqualTo(3);
    assertThat(store.history("web"))
        .extracting(StoredDeployment::getRevision)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void detectsAConcurrentWriteAndSucceedsAfterRefresh() {
    store.commit(List.of(StoreOp.put(StoreKey.node("a"), node("a", "x"), StoreOp.ABSENT)));
    Versioned<Node> seen = store.node("a").orElseThrow();
    // Another writer changes the node after we read it.
    store.commit(List.of(StoreOp.put(StoreKey.node("a"), node("a", "y"), seen.modRevision())));

    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(StoreOp.put(StoreKey.node("a"), node("a", "z"), seen.modRevision()))))
        .isInstanceOf(ConflictException.class);
    assertThat(store.node("a").orElseThrow().value().getRuntime()).isEqualTo("y");

    Versioned<Node> refreshed = store.node("a").orElseThrow();
    store.commit(List.of(StoreOp.put(StoreKey.node("a"), node("a", "z"), refreshed.modRevision())));
    assertThat(store.node("a").orElseThrow().value().getRuntime()).isEqualTo("z");
  }

  @Test
  void creatingAnExistingKeyConflicts() {
    store.commit(List.of(StoreOp.put(StoreKey.node("a"), node("a", "x"), StoreOp.ABSENT)));
    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(StoreOp.put(StoreKey.node("a"), node("a", "y"), StoreOp.ABSENT))))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void commitsMoreWritesThanOneTransactionHolds() {
    List<StoreOp> ops = new ArrayList<>();
    for (int i = 0; i < 350; i++) {
      ops.add(
          StoreOp.put(
              StoreKey.task("t" + i), Task.newBuilder().setId("t" + i).build(), StoreOp.ABSENT));
    }
    store.commit(ops);
    assertThat(store.snapshot().tasks()).hasSize(350);
  }

  @Test
  void aFailedCompareWritesNothingOfItsBatch() {
    store.commit(List.of(StoreOp.put(StoreKey.node("a"), node("a", "x"), StoreOp.ABSENT)));
    assertThatThrownBy(
            () ->
                store.commit(
                    List.of(
                        StoreOp.put(
                            StoreKey.task("t1"),
                            Task.newBuilder().setId("t1").build(),
                            StoreOp.ABSENT),
                        new StoreOp.Check(StoreKey.node("a"), 1))))
        .isInstanceOf(ConflictException.class);
    assertThat(store.task("t1")).isEmpty();
  }

  @Test
  void watchDeliversPutsAndDeletesInOrder() {
    long revision = store.snapshot().revision();
    List<StoreEvent> seen = new CopyOnWriteArrayList<>();
    Subscription subscription = store.watch(revision, listener(seen));
    try {
      store.commit(List.of(StoreOp.put(StoreKey.node("a"), node("a", "x"), StoreOp.ABSENT)));
      store.commit(List.of(StoreOp.delete(StoreKey.node("a"), StoreOp.ANY)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(seen).hasSize(2);
                assertThat(seen.get(0).deleted()).isFalse();
                assertThat(seen.get(0).latest(Node.class).orElseThrow().getRuntime())
                    .isEqualTo("x");
                assertThat(seen.get(1).deleted()).isTrue();
                assertThat(seen.get(1).latest(Node.class).orElseThrow().getName()).isEqualTo("a");
              });
    } finally {
      subscription.close();
    }
  }

  @Test
  void leaseExpiryDeletesItsKeys() {
    long lease = store.grantLease(Duration.ofSeconds(1));
    store.commit(
        List.of(
            new StoreOp.Put(
                StoreKey.session("a"),
                dev.banyan.engine.store.proto.Session.getDefaultInstance(),
                StoreOp.ABSENT,
                lease)));
    assertThat(store.session("a")).isPresent();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.session("a").isEmpty());
    assertThat(store.keepAliveOnce(lease)).isFalse();
  }

  @Test
  void survivesAnEtcdRestartAndResumesWatches() throws Exception {
    long revision = store.snapshot().revision();
    List<StoreEvent> seen = new CopyOnWriteArrayList<>();
    Subscription subscription = store.watch(revision, listener(seen));
    try {
      store.commit(
          List.of(StoreOp.put(StoreKey.node("before"), node("before", "x"), StoreOp.ABSENT)));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);

      etcd.kill();
      etcd.start();

      store.commit(
          List.of(StoreOp.put(StoreKey.node("after"), node("after", "x"), StoreOp.ABSENT)));
      assertThat(store.node("before")).isPresent();
      assertThat(store.snapshot().nodes()).containsKeys("before", "after");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .extracting(e -> e.key().name())
                      .containsExactly("before", "after"));
    } finally {
      subscription.close();
    }
  }

  private static StoreListener listener(List<StoreEvent> seen) {
    return new StoreListener() {
      @Override
      public void onEvents(List<StoreEvent> events) {
        seen.addAll(events);
      }

      @Override
      public void onResync(long revision) {}
    };
  }

  private static Node node(String name, String runtime) {
    return Node.newBuilder().setName(name).setRuntime(runtime).build();
  }
}
