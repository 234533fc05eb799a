package dev.banyan.engine.controlapi;

import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreEvent;
import dev.banyan.engine.stream.CoalescedStream;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.Task;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One {@code WatchStatus} stream: the status now, then a new one after changes to the watched
 * deployment's record or tasks (to any deployment's when none is named), changes within {@link
 * #COALESCE} sent as one: a deploy's containers report within milliseconds of each other. The CLI
 * follows a rollout with this instead of polling, which cost CPU on both ends while the machine was
 * busy starting containers (docs/benchmarks.md).
 */
final class StatusWatch extends CoalescedStream<GetStatusResponse> {
  static final Duration COALESCE = Duration.ofMillis(20);

  private final StatusQueries queries;
  private final String deployment;

  StatusWatch(
      ClusterStore store,
      StatusQueries queries,
      String deployment,
      ServerCallStreamObserver<GetStatusResponse> out,
      ScheduledExecutorService timer) {
    super(store, out, timer, COALESCE, ControlService::toStatus);
    this.queries = queries;
    this.deployment = deployment;
  }

  @Override
  protected Optional<GetStatusResponse> message(ClusterState state) {
    return Optional.of(queries.status(state, deployment));
  }

  @Override
  protected boolean changes(List<StoreEvent> events) {
    return events.stream().anyMatch(this::concernsTheWatchedDeployment);
  }

  private boolean concernsTheWatchedDeployment(StoreEvent e) {
    if (e.key().kind() == Kind.DEPLOYMENT) {
      return deployment.isEmpty() || e.key().name().equals(deployment);
    }
    if (e.key().kind() == Kind.TASK) {
      return deployment.isEmpty()
          || e.latest(Task.class).map(t -> t.getDeployment().equals(deployment)).orElse(true);
    }
    return false;
  }
}
