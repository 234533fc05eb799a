package dev.banyan.common.cli;

import dev.banyan.common.auth.PasswordCredentials;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.ListDeploymentsRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * The check the {@code init} commands make before writing: does this engine accept this password?
 */
public final class EngineCheck {
  private EngineCheck() {}

  /** Throws a {@link UserError} saying what is wrong when the engine is unreachable or says no. */
  public static void verify(String address, String password) {
    ManagedChannel channel =
        Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    try {
      ControlGrpc.newBlockingStub(channel)
          .withCallCredentials(new PasswordCredentials(password))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .listDeployments(ListDeploymentsRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      String why =
          switch (e.getStatus().getCode()) {
            case UNAUTHENTICATED -> "the engine at " + address + " rejected the password";
            case UNAVAILABLE, DEADLINE_EXCEEDED ->
                "the engine at " + address + " cannot be reached";
            default -> String.valueOf(e.getStatus().getDescription());
          };
      throw new UserError(why + "; nothing was written (use --no-check to write anyway).");
    } finally {
      channel.shutdownNow();
    }
  }
}
