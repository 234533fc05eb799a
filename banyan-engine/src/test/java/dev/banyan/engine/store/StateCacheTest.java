package dev.banyan.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateCacheTest {
  private final StateCache cache = new StateCache();

  private static Task task(String id, String node) {
    return Task.newBuilder().setId(id).setNode(node).build();
  }

  private static StoreEvent put(String id, String node, long revision) {
    return new StoreEvent(
        StoreKey.task(id), false, Optional.of(task(id, node)), Optional.empty(), revision);
  }

  private static StoreEvent delete(String id, long revision) {
    return new StoreEvent(StoreKey.task(id), true, Optional.empty(), Optional.empty(), revision);
  }

  private static ClusterState read(long revision, Map<String, Versioned<Task>> tasks) {
    return new ClusterState(revision, Map.of(), tasks, Map.of(), Map.of());
  }

  @Test
  void servesNothingBeforeTheFirstFullRead() {
    cache.onEvents(List.of(put("t1", "", 5)));
    assertThat(cache.at(0, 10)).isEmpty();
  }

  @Test
  void appliesPutsAndDeletesAfterTheRevisionItWasReadAt() {
    cache.reset(read(10, Map.of("t1", new Versioned<>(task("t1", ""), 9))));
    cache.onEvents(List.of(put("t1", "n1", 10), put("t2", "", 11))); // 10 is already in the read
    cache.onEvents(List.of(delete("t2", 12), put("t1", "n2", 12)));
    ClusterState state = cache.at(12, 10).orElseThrow();
    assertThat(state.revision()).isEqualTo(12);
    assertThat(state.tasks()).containsOnlyKeys("t1");
    assertThat(state.tasks().get("t1").value().getNode()).isEqualTo("n2");
    assertThat(state.tasks().get("t1").modRevision()).isEqualTo(12);
  }

  @Test
  void aRevisionItHasNotSeenYetIsNotServed() {
    cache.reset(read(10, Map.of()));
    assertThat(cache.at(15, 10)).isEmpty();
    cache.onEvents(List.of(put("t1", "", 15)));
    assertThat(cache.at(15, 10)).map(ClusterState::revision).contains(15L);
  }

  @Test
  void afterAResyncEventsAreReplayedOntoTheNextFullRead() {
    cache.reset(read(10, Map.of()));
    cache.onResync(20);
    assertThat(cache.at(10, 10)).isEmpty();
    cache.onEvents(List.of(put("t1", "", 21), put("t2", "", 22)));
    // The full read saw t1 (revision 21) but not t2 yet.
    cache.reset(read(21, Map.of("t1", new Versioned<>(task("t1", ""), 21))));
    ClusterState state = cache.at(22, 10).orElseThrow();
    assertThat(state.tasks()).containsOnlyKeys("t1", "t2");
  }
}
