package dev.banyan.common.auth;

import io.grpc.Metadata;

/** gRPC metadata keys that carry Banyan's credentials. */
public final class AuthMetadata {
  /** The session token an engine presents on engine-to-agent calls. */
  public static final Metadata.Key<String> SESSION_TOKEN =
      Metadata.Key.of("banyan-session-token", Metadata.ASCII_STRING_MARSHALLER);

  /** The cluster password on CLI-to-engine and agent-to-engine calls. */
  public static final Metadata.Key<String> PASSWORD =
      Metadata.Key.of("banyan-password", Metadata.ASCII_STRING_MARSHALLER);

  private AuthMetadata() {}
}
