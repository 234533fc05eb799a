package dev.banyan.cli.support;

import dev.banyan.common.auth.PasswordCredentials;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.GetStatusRequest;
import dev.banyan.proto.v1.GetStatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A connection to one of the engines named by {@link EngineOptions}. Calls go to the first engine
 * that answers; gRPC failures become one-sentence {@link UserError}s that say what to do.
 */
public final class EngineConnection implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  static {
    // A CLI run makes a few calls and exits: Netty's pooled buffers and leak detection cost more
    // to set up (about 60 ms of a 'status') than they could save. Set before Netty's classes load.
    String netty = "io.grpc.netty.shaded.io.netty.";
    System.setProperty(netty + "allocator.type", "unpooled");
    System.setProperty(netty + "leakDetection.level", "disabled");
    // The CLI uses Java's NIO transport; without this, gRPC's first channel still unpacks and loads
    // Netty's epoll library (a temporary file, a secure random name, the JDK's security providers).
    System.setProperty(netty + "transport.noNative", "true");
  }

  private final List<String> addresses;
  private final String source;
  private final java.util.Optional<String> password;
  private final java.nio.file.Path configPath;
  private ManagedChannel channel;
  private String current;
  // The connection's own I/O thread rather than gRPC's shared one, so that close() can stop it:
  // the JVM's exit waits up to 300 ms for threads blocked in native code (a selector's epoll_wait
  // is one), which was a third of a 'banyan-cli status' run (docs/benchmarks.md).
  private EventLoopGroup io;
  private FutureTask<Void> ahead;

  public EngineConnection(EngineOptions options) {
    this.addresses =
        Arrays.stream(options.address().split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    this.source = options.source();
    this.password = options.password();
    this.configPath = options.configPath();
    if (addresses.isEmpty()) {
      throw new UserError("no engine address given; set --engine HOST:PORT or BANYAN_ENGINE.");
    }
    for (String address : addresses) {
      HostPort.parse(address, "--engine");
    }
  }

  /**
   * Starts setting up the channel to the first engine on another thread, so that it is ready when
   * the first call is made after other work: {@code deploy} reads the manifest meanwhile, and both
   * take tens of milliseconds of a short run. Calls wait for it; a failure here is left for the
   * first call to find and report.
   */
  public void connectAhead() {
    String first = addresses.get(0);
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              ensureChannel(first);
              channel.getState(true); // connect now rather than at the first call
              return null;
            });
    Thread thread = new Thread(task, "banyan-cli-connect");
    thread.setDaemon(true);
    thread.start();
    ahead = task;
  }

  private void awaitAhead() {
    FutureTask<Void> task = ahead;
    if (task == null) {
      return;
    }
    ahead = null;
    try {
      task.get();
    } catch (ExecutionException e) {
      closeChannel(); // the call below starts over and reports what is wrong
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a unary call with a deadline against the first engine that is reachable. Only {@code
   * UNAVAILABLE} moves on to the next engine; every other failure is reported at once.
   */
  public <T> T call(Function<ControlGrpc.ControlBlockingStub, T> rpc) {
    return call(rpc, CALL_TIMEOUT);
  }

  /** As {@link #call(Function)}, for calls that wait on the cluster (e.g. {@code down}). */
  public <T> T call(Function<ControlGrpc.ControlBlockingStub, T> rpc, Duration timeout) {
    awaitAhead();
    StatusRuntimeException last = null;
    for (int i = 0; i < addresses.size(); i++) {
      ensureChannel(addresses.get(i));
      try {
        return rpc.apply(blocking().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (StatusRuntimeException e) {
        last = e;
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw translate(e);
        }
        closeChannel();
      }
    }
    throw translate(last);
  }

  /**
   * Follows the engine's status updates until {@code deadline}, from the engine that answered the
   * last call (the first one named when none has). Errors surface from the iterator as gRPC's.
   */
  public Iterator<GetStatusResponse> watchStatus(GetStatusRequest request, Instant deadline) {
    awaitAhead();
    ensureChannel(current != null ? current : addresses.get(0));
    long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    return blocking().withDeadlineAfter(millis, TimeUnit.MILLISECONDS).watchStatus(request);
  }

  /** A stub without a deadline for long-lived streams (logs). */
  public ControlGrpc.ControlBlockingStub streamingStub() {
    awaitAhead();
    ensureChannel(addresses.get(0));
    return blocking();
  }

  /** An async stub for streams that must be cancellable (logs --follow). */
  public ControlGrpc.ControlStub asyncStub() {
    awaitAhead();
    ensureChannel(addresses.get(0));
    ControlGrpc.ControlStub stub = ControlGrpc.newStub(channel);
    return password.map(p -> stub.withCallCredentials(new PasswordCredentials(p))).orElse(stub);
  }

  private ControlGrpc.ControlBlockingStub blocking() {
    ControlGrpc.ControlBlockingStub stub = ControlGrpc.newBlockingStub(channel);
    return password.map(p -> stub.withCallCredentials(new PasswordCredentials(p))).orElse(stub);
  }

  private void ensureChannel(String address) {
    if (channel != null && address.equals(current)) {
      return;
    }
    closeChannel();
    HostPort hp = HostPort.parse(address, "--engine");
    if (io == null) {
      io =
          new MultiThreadIoEventLoopGroup(
              1, new DefaultThreadFactory("banyan-cli-io", true), NioIoHandler.newFactory());
    }
    channel =
        NettyChannelBuilder.forAddress(hp.host(), hp.port())
            .eventLoopGroup(io)
            .channelType(NioSocketChannel.class)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    current = address;
  }

  /** Turns a gRPC failure into the sentence a user sees. */
  public UserError translate(StatusRuntimeException e) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED ->
          new UserError(
              "the engine at "
                  + String.join(",", addresses)
                  + " did not answer in time; it may be overloaded or waiting on etcd: retry, and"
                  + " check the engine's log if it persists.",
              ExitCodes.UNAVAILABLE);
      case UNAVAILABLE ->
          new UserError(
              "cannot reach the engine at "
                  + String.join(",", addresses)
                  + ": "
                  + reason(e)
                  + "; start an engine there or set "
                  + source
                  + ".",
              ExitCodes.UNAVAILABLE);
      case UNAUTHENTICATED ->
          new UserError(
              "authentication failed ("
                  + description
                  + "): check security.password in "
                  + configPath
                  + " or BANYAN_PASSWORD.",
              ExitCodes.UNAVAILABLE);
      case CANCELLED -> new UserError("the call was cancelled.");
      default -> new UserError(description.isEmpty() ? status.getCode().toString() : description);
    };
  }

  /** The most specific reason gRPC gives, e.g. "connection refused" rather than "io exception". */
  private static String reason(StatusRuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String text = root == e ? e.getStatus().getDescription() : root.getMessage();
    if (text == null || text.isBlank()) {
      return e.getStatus().getCode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("connection refused")) {
      return "connection refused";
    }
    int colon = lower.indexOf(": /");
    return colon > 0 ? lower.substring(0, colon) : lower;
  }

  private void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
      current = null;
    }
  }

  @Override
  public void close() {
    awaitAhead();
    ManagedChannel last = channel;
    closeChannel();
    if (last != null) {
      try {
        last.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (io != null) {
      io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
      io = null;
    }
  }
}
