package dev.banyan.common.auth;

import io.grpc.Metadata;

/** The gRPC metadata keys Banyan's authentication uses. */
public final class AuthMetadata {
  /** The cluster password, sent by the CLI and agents on every call to an engine. */
  public static final Metadata.Key<String> PASSWORD =
      Metadata.Key.of("banyan-password", Metadata.ASCII_STRING_MARSHALLER);

  /** The agent's current session token, sent by engines on every call to an agent. */
  public static final Metadata.Key<String> SESSION_TOKEN =
      Metadata.Key.of("banyan-session-token", Metadata.ASCII_STRING_MARSHALLER);

  private AuthMetadata() {}
}
