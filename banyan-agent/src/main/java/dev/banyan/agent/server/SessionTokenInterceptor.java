package dev.banyan.agent.server;

import dev.banyan.common.auth.AuthMetadata;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Rejects every call to the agent that does not carry the current session token. */
public final class SessionTokenInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> TOKEN = AuthMetadata.SESSION_TOKEN;

  private final SessionTokens tokens;

  public SessionTokenInterceptor(SessionTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!tokens.accepts(headers.get(TOKEN))) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "missing or stale session token; engines get the current one when the agent registers"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
