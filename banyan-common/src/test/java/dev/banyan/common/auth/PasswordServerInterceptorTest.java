package dev.banyan.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor over a real gRPC call path (in-process transport). */
class PasswordServerInterceptorTest {
  private static final MethodDescriptor.Marshaller<String> STRINGS =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };
  private static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Echo/Echo")
          .setRequestMarshaller(STRINGS)
          .setResponseMarshaller(STRINGS)
          .build();

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    ServerServiceDefinition echo =
        ServerServiceDefinition.builder("test.Echo")
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall(
                    (req, obs) -> {
                      obs.onNext(req);
                      obs.onCompleted();
                    }))
            .build();
    PasswordVerifier verifier =
        new PasswordVerifier(PasswordHash.create("right-password".toCharArray(), 1000));
    server =
        InProcessServerBuilder.forName(name)
            .addService(
                ServerInterceptors.intercept(
                    echo,
                    new PasswordServerInterceptor(
                        verifier, new FailureThrottle(Clock.systemUTC()))))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private String call(String password) {
    CallOptions options = CallOptions.DEFAULT;
    if (password != null) {
      options = options.withCallCredentials(new PasswordCredentials(password));
    }
    return ClientCalls.blockingUnaryCall(channel, ECHO, options, "hi");
  }

  @Test
  void rightPasswordPassesOthersAreUnauthenticated() {
    assertThat(call("right-password")).isEqualTo("hi");
    assertThatThrownBy(() -> call(null))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED))
        .hasMessageContaining("no cluster password was sent");
    assertThatThrownBy(() -> call("wrong")).hasMessageContaining("wrong cluster password");
  }

  @Test
  void repeatedFailuresThrottleGuessesButNotAKnownGoodPassword() {
    assertThat(call("right-password")).isEqualTo("hi");
    for (int i = 0; i < FailureThrottle.FREE_FAILURES + 1; i++) {
      assertThatThrownBy(() -> call("guess")).isInstanceOf(StatusRuntimeException.class);
    }
    assertThatThrownBy(() -> call("another-guess"))
        .hasMessageContaining("too many failed password attempts");
    assertThat(call("right-password"))
        .as("a client that shares the address keeps working")
        .isEqualTo("hi");
  }
}
