package dev.banyan.common.auth;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the engine checks the cluster password: every call must carry it in the {@code
 * banyan-password} metadata. Missing or wrong gives UNAUTHENTICATED; repeated failures from one
 * peer are throttled. The password itself is never logged.
 */
public final class PasswordServerInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(PasswordServerInterceptor.class);

  private final PasswordVerifier verifier;
  private final FailureThrottle throttle;

  public PasswordServerInterceptor(PasswordVerifier verifier, FailureThrottle throttle) {
    this.verifier = verifier;
    this.throttle = throttle;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String peer = peerHost(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    Duration wait = throttle.waitFor(peer);
    String presented = headers.get(AuthMetadata.PASSWORD);
    if (!wait.isZero() && verifier.isKnownGood(presented)) {
      return next.startCall(call, headers);
    }
    if (!wait.isZero()) {
      return reject(
          call,
          "too many failed password attempts from "
              + peer
              + "; try again in "
              + Math.max(1, wait.toSeconds())
              + " s");
    }
    if (presented == null) {
      throttle.failure(peer);
      return reject(call, "no cluster password was sent");
    }
    if (!verifier.verify(presented)) {
      throttle.failure(peer);
      log.warn(
          "rejected {} from {}: wrong cluster password",
          call.getMethodDescriptor().getFullMethodName(),
          peer);
      return reject(call, "wrong cluster password");
    }
    throttle.success(peer);
    return next.startCall(call, headers);
  }

  private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, String why) {
    call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static String peerHost(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }
}
