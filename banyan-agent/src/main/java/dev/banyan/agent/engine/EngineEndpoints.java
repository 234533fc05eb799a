package dev.banyan.agent.engine;

import dev.banyan.common.auth.AuthMetadata;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The engines the agent may talk to, one channel each, and which one is current. Failing over moves
 * to the next address in the list.
 */
public final class EngineEndpoints implements AutoCloseable {
  private final List<String> addresses;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private int current;

  public EngineEndpoints(List<String> addresses, Optional<String> password) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one engine address is needed");
    }
    this.addresses = List.copyOf(addresses);
    for (String address : addresses) {
      NettyChannelBuilder b = NettyChannelBuilder.forTarget(address).usePlaintext();
      password.ifPresent(p -> b.intercept(passwordInterceptor(p)));
      channels.add(b.build());
    }
  }

  private static ClientInterceptor passwordInterceptor(String password) {
    Metadata headers = new Metadata();
    headers.put(AuthMetadata.PASSWORD, password);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** The channel to the current engine. */
  public synchronized ManagedChannel channel() {
    return channels.get(current);
  }

  /** The current engine's address. */
  public synchronized String address() {
    return addresses.get(current);
  }

  /** Moves to the next engine in the list. */
  public synchronized void failOver() {
    current = (current + 1) % addresses.size();
  }

  @Override
  public synchronized void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel c : channels) {
      try {
        c.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
