package dev.banyan.agent.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The agent's gRPC server for engines, every service behind the session-token check. */
public final class AgentServer implements AutoCloseable {
  private final Server server;

  public AgentServer(InetSocketAddress listen, SessionTokens tokens, BindableService... services) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(listen);
    SessionTokenInterceptor interceptor = new SessionTokenInterceptor(tokens);
    for (BindableService s : services) {
      builder.addService(ServerInterceptors.intercept(s, interceptor));
    }
    this.server = builder.build();
  }

  /** Binds and starts serving. */
  public AgentServer start() {
    try {
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on the agent address: " + e.getMessage(), e);
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
