package dev.banyan.engine.controlapi;

import dev.banyan.common.deploy.CompiledDeployment;
import dev.banyan.common.manifest.ManifestException;
import dev.banyan.engine.metrics.MetricsQueries;
import dev.banyan.engine.store.StoreUnavailableException;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.GetMetricsRequest;
import dev.banyan.proto.v1.GetMetricsResponse;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import dev.banyan.proto.v1.ListDeploymentsRequest;
import dev.banyan.proto.v1.ListDeploymentsResponse;
import dev.banyan.proto.v1.ListNodesRequest;
import dev.banyan.proto.v1.ListNodesResponse;
import dev.banyan.proto.v1.ListTasksRequest;
import dev.banyan.proto.v1.ListTasksResponse;
import dev.banyan.proto.v1.LogsRequest;
import dev.banyan.proto.v1.LogsResponse;
import dev.banyan.proto.v1.RemoveDeploymentRequest;
import dev.banyan.proto.v1.RemoveDeploymentResponse;
import dev.banyan.proto.v1.RemoveNodeRequest;
import dev.banyan.proto.v1.RemoveNodeResponse;
import dev.banyan.proto.v1.UpdateNodeRequest;
import dev.banyan.proto.v1.UpdateNodeResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CLI-facing gRPC service: each endpoint converts, validates and calls a service class. */
public final class ControlService extends ControlGrpc.ControlImplBase {
  private static final Logger log = LoggerFactory.getLogger(ControlService.class);

  private final DeploymentService deployments;
  private final NodeService nodes;
  private final StatusQueries queries;
  private final LogsProxy logs;
  private final ManifestCompiler compiler;
  private final Optional<MetricsQueries> metrics;
  private final Consumer<Boolean> onDeploy;

  public ControlService(
      DeploymentService deployments,
      NodeService nodes,
      StatusQueries queries,
      LogsProxy logs,
      ManifestCompiler compiler) {
    this(deployments, nodes, queries, logs, compiler, Optional.empty(), ok -> {});
  }

  /**
   * {@code metrics} answers {@code GetMetrics}; {@code onDeploy} is told whether each (non dry-run)
   * deploy succeeded.
   */
  public ControlService(
      DeploymentService deployments,
      NodeService nodes,
      StatusQueries queries,
      LogsProxy logs,
      ManifestCompiler compiler,
      Optional<MetricsQueries> metrics,
      Consumer<Boolean> onDeploy) {
    this.metrics = metrics;
    this.onDeploy = onDeploy;
    this.compiler = compiler;
    this.deployments = deployments;
    this.nodes = nodes;
    this.queries = queries;
    this.logs = logs;
  }

  @Override
  public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> out) {
    unary(
        out,
        () -> {
          MetricsQueries q =
              metrics.orElseThrow(
                  () -> new UnsupportedOperationException("this engine keeps no metrics"));
          try {
            return q.query(request);
          } catch (IllegalArgumentException e) {
            throw new ApiException(Status.Code.INVALID_ARGUMENT, e.getMessage());
          }
        });
  }

  @Override
  public void deploy(DeployRequest request, StreamObserver<DeployResponse> out) {
    unary(
        out,
        () -> {
          if (request.getDryRun()) {
            return deployOnce(request);
          }
          try {
            DeployResponse r = deployOnce(request);
            onDeploy.accept(true);
            return r;
          } catch (RuntimeException e) {
            onDeploy.accept(false);
            throw e;
          }
        });
  }

  private DeployResponse deployOnce(DeployRequest request) {
    requireName(request.getName(), "deployment");
    Map<String, byte[]> files = new HashMap<>();
    request.getFilesMap().forEach((k, v) -> files.put(k, v.toByteArray()));
    CompiledDeployment compiled;
    try {
      compiled =
          compiler.compile(
              request.getManifestYaml(), request.getSourceName(), request.getName(), files);
    } catch (ManifestException e) {
      throw new ApiException(Status.Code.INVALID_ARGUMENT, String.join("\n", e.errors()));
    }
    return deployments.deploy(compiled, request.getSourceName(), request.getDryRun());
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
    unary(out, () -> queries.status(request.getDeployment()));
  }

  @Override
  public void watchStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> out) {
    try {
      queries.watchStatus(
          request.getDeployment(), (ServerCallStreamObserver<GetStatusResponse>) out);
    } catch (RuntimeException e) {
      out.onError(toStatus(e).asRuntimeException());
    }
  }

  @Override
  public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> out) {
    unary(out, () -> queries.tasks(request.getDeployment()));
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> out) {
    unary(out, queries::nodes);
  }

  @Override
  public void listDeployments(
      ListDeploymentsRequest request, StreamObserver<ListDeploymentsResponse> out) {
    unary(out, queries::deployments);
  }

  @Override
  public void removeDeployment(
      RemoveDeploymentRequest request, StreamObserver<RemoveDeploymentResponse> out) {
    unary(
        out,
        () -> {
          requireName(request.getName(), "deployment");
          return RemoveDeploymentResponse.newBuilder()
              .addAllRemovedTasks(deployments.remove(request.getName(), request.getRemoveVolumes()))
              .build();
        });
  }

  @Override
  public void updateNode(UpdateNodeRequest request, StreamObserver<UpdateNodeResponse> out) {
    unary(
        out,
        () -> {
          requireName(request.getName(), "node");
          return UpdateNodeResponse.newBuilder()
              .setNode(nodes.setAvailability(request.getName(), request.getAvailability()))
              .build();
        });
  }

  @Override
  public void removeNode(RemoveNodeRequest request, StreamObserver<RemoveNodeResponse> out) {
    unary(
        out,
        () -> {
          requireName(request.getName(), "node");
          nodes.remove(request.getName());
          return RemoveNodeResponse.getDefaultInstance();
        });
  }

  @Override
  public void logs(LogsRequest request, StreamObserver<LogsResponse> out) {
    try {
      requireName(request.getDeployment(), "deployment");
      logs.stream(request, (ServerCallStreamObserver<LogsResponse>) out);
    } catch (RuntimeException e) {
      out.onError(toStatus(e).asRuntimeException());
    }
  }

  private static void requireName(String name, String what) {
    if (name.isEmpty()) {
      throw new ApiException(Status.Code.INVALID_ARGUMENT, "a " + what + " name is required");
    }
  }

  private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e).asRuntimeException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  static Status toStatus(RuntimeException e) {
    if (e instanceof ApiException api) {
      return api.toStatus();
    }
    if (e instanceof StoreUnavailableException) {
      return Status.UNAVAILABLE.withDescription(
          "the engine cannot reach etcd; retry shortly or check etcd");
    }
    if (e instanceof UnsupportedOperationException) {
      return Status.UNIMPLEMENTED.withDescription(
          "this engine cannot do that yet: " + e.getMessage());
    }
    log.warn("control call failed", e);
    return Status.INTERNAL.withDescription(
        "the engine failed (" + e + "); see the engine log for details");
  }
}
