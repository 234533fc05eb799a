package dev.banyan.common.auth;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Attaches the cluster password to every call of a client (CLI or agent) to an engine. */
public final class PasswordCredentials extends CallCredentials {
  private final String password;

  public PasswordCredentials(String password) {
    this.password = password;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AuthMetadata.PASSWORD, password);
    applier.apply(headers);
  }

  @Override
  public String toString() {
    return "PasswordCredentials[****]"; // never print the password
  }
}
