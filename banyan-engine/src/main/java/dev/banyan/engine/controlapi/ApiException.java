package dev.banyan.engine.controlapi;

import io.grpc.Status;

/** A control API failure the caller caused or can fix: a gRPC status and one sentence. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Status.Code code;

  public ApiException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  public Status toStatus() {
    return Status.fromCode(code).withDescription(getMessage());
  }

  static ApiException deploymentNotFound(String name) {
    return new ApiException(
        Status.Code.NOT_FOUND,
        "deployment '" + name + "' does not exist; list them with 'banyan-cli deployments'");
  }

  static ApiException nodeNotFound(String name) {
    return new ApiException(
        Status.Code.NOT_FOUND,
        "node '" + name + "' does not exist; list them with 'banyan-cli nodes'");
  }
}
