package dev.banyan.engine.dispatcher;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.store.proto.Session;
import dev.banyan.engine.stream.CoalescedStream;
import dev.banyan.proto.v1.NetworkSnapshot;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One agent's network stream: the complete picture, then a new one after changes to nodes or tasks,
 * coalesced for {@link #COALESCE} so a burst of status reports costs one snapshot. It ends when the
 * agent's session does.
 */
final class NetworkStream extends CoalescedStream<NetworkSnapshot> {
  static final Duration COALESCE = Duration.ofMillis(250);
  private static final Status SESSION_EXPIRED =
      Status.NOT_FOUND.withDescription("session expired; re-register");

  private final Session session;
  private final String clusterCidr;

  NetworkStream(
      ClusterStore store,
      Session session,
      String clusterCidr,
      ServerCallStreamObserver<NetworkSnapshot> out,
      ScheduledExecutorService timer) {
    super(store, out, timer, COALESCE, DispatcherService::toStatus);
    this.session = session;
    this.clusterCidr = clusterCidr;
  }

  @Override
  protected boolean changes(List<StoreEvent> events) {
    for (StoreEvent e : events) {
      if (e.key().kind() == Kind.SESSION_ID
          && e.deleted()
          && e.key().name().equals(session.getId())) {
        end(SESSION_EXPIRED);
        return false;
      }
    }
    return events.stream()
        .anyMatch(e -> e.key().kind() == Kind.TASK || e.key().kind() == Kind.NODE);
  }

  @Override
  protected Optional<NetworkSnapshot> message(ClusterState state) {
    Versioned<Session> current = state.sessions().get(session.getNode());
    if (current == null || !current.value().getId().equals(session.getId())) {
      end(SESSION_EXPIRED);
      return Optional.empty();
    }
    return Optional.of(NetworkSnapshots.of(state, clusterCidr));
  }
}
