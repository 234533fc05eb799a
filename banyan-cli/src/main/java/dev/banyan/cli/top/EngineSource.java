package dev.banyan.cli.top;

import com.google.protobuf.Duration;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.ListNodesResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the engine for everything {@code top} shows. Status and nodes must answer; metrics are
 * optional: an engine without the metrics API (UNIMPLEMENTED) or with a failing one still gives a
 * snapshot, with metrics marked unavailable.
 */
public final class EngineSource {
  private static final Logger log = LoggerFactory.getLogger(EngineSource.class);
  private static final long DEADLINE_SECONDS = 5;
  private static final long SERIES_RANGE_SECONDS = 300;

  private final EngineConnection connection;
  private final String deployment;
  private final Clock clock;

  public EngineSource(EngineConnection connection, String deployment, Clock clock) {
    this.connection = connection;
    this.deployment = deployment;
    this.clock = clock;
  }

  /**
   * One snapshot; throws {@link dev.banyan.common.cli.UserError} when the engine cannot be reached
   * or refuses the status call.
   */
  public ClusterData fetch() {
    GetStatusResponse status =
        connection.call(
            s ->
                s.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getStatus(GetStatusRequest.newBuilder().setDeployment(deployment).build()));
    ListNodesResponse nodes =
        connection.call(
            s ->
                s.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .listNodes(ListNodesRequest.getDefaultInstance()));
    Optional<GetMetricsResponse> metrics = connection.call(this::metrics);
    return SnapshotMapper.map(status, nodes, metrics, clock.instant());
  }

  private Optional<GetMetricsResponse> metrics(
      dev.banyan.proto.v1.ControlGrpc.ControlBlockingStub stub) {
    try {
      return Optional.of(
          stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .getMetrics(
                  GetMetricsRequest.newBuilder()
                      .setDeployment(deployment)
                      .setRange(Duration.newBuilder().setSeconds(SERIES_RANGE_SECONDS))
                      .build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        throw e; // let the connection try the next engine
      }
      // UNIMPLEMENTED until the engine serves metrics; anything else must not break the view.
      log.debug("metrics unavailable: {}", e.getStatus());
      return Optional.empty();
    }
  }
}
