package dev.banyan.common.auth;

/** Names of the gRPC metadata keys that carry Banyan's credentials. */
public final class AuthMetadata {
  /** The session token an engine presents on engine → agent calls (from the agent's Register). */
  public static final String SESSION_TOKEN = "banyan-session-token";

  /** The cluster password every CLI → engine and agent → engine call carries. */
  public static final String PASSWORD = "banyan-password";

  private AuthMetadata() {}
}
