package dev.banyan.engine.controlapi;

import static dev.banyan.engine.testing.Specs.deployment;
import static dev.banyan.engine.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.banyan.common.auth.AuthMetadata;
import dev.banyan.engine.Engine;
import dev.banyan.engine.EngineConfig;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.FakeAgent;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.AgentGrpc;
import dev.banyan.proto.v1.AgentLogsRequest;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.LogsRequest;
import dev.banyan.proto.v1.LogsResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logs proxied from agents with their session tokens, and controller fail-over between engines. */
class LogsAndFailoverTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();
  private static final Context.Key<String> TOKEN = Context.key("token");

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void setUp() {
    StoreWiper.wipe(etcd, etcd.newStore());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    closeables.clear();
  }

  private Engine engine() {
    EngineConfig config =
        new EngineConfig(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            List.of(etcd.endpoint()),
            Path.of("unused"),
            Duration.ofSeconds(2),
            Duration.ofSeconds(6),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ZERO);
    Engine engine = new Engine(config, etcd.newStore(), Clock.systemUTC()).start();
    closeables.add(engine);
    return engine;
  }

  @Test
  void logsMergeTheAgentsStreamsAndWarnAboutUnreachableNodes() throws Exception {
    Engine engine = engine();
    await().atMost(Duration.ofSeconds(10)).until(engine::isLeader);
    AtomicReference<String> tokenSeen = new AtomicReference<>();
    Server agentServer = logServer(tokenSeen);
    FakeAgent a = new FakeAgent(engine.port(), "a", "127.0.0.1:" + agentServer.getPort());
    closeables.add(a);
    a.register();
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    FakeAgent b = new FakeAgent(engine.port(), "b", "127.0.0.1:" + deadPort);
    closeables.add(b);
    b.register();
    new DeploymentService(etcd.newStore(), Clock.systemUTC())
        .deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.assigned().size() == 1 && b.assigned().size() == 1);

    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", engine.port()).usePlaintext().build();
    closeables.add(channel::shutdownNow);
    List<LogsResponse> events = new ArrayList<>();
    Iterator<LogsResponse> stream =
        ControlGrpc.newBlockingStub(channel)
            .withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS)
            .logs(LogsRequest.newBuilder().setDeployment("shop").setTail(-1).build());
    stream.forEachRemaining(events::add);

    assertThat(tokenSeen.get()).isEqualTo(a.session().getSessionToken());
    String taskOfA = a.assigned().keySet().iterator().next();
    assertThat(events)
        .filteredOn(LogsResponse::hasLine)
        .extracting(e -> e.getLine().getText())
        .containsExactly("hello from " + taskOfA);
    assertThat(events)
        .filteredOn(e -> !e.hasLine())
        .extracting(LogsResponse::getWarning)
        .singleElement()
        .asString()
        .contains("node b");
  }

  @Test
  void aStandbyEngineTakesOverTheControllersWhenTheLeaderStops() {
    Engine first = engine();
    await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
    Engine second = engine();
    FakeAgent a = new FakeAgent(second.port(), "a", "127.0.0.1:1");
    closeables.add(a);
    a.register();
    assertThat(second.isLeader()).isFalse();

    first.close();
    await().atMost(Duration.ofSeconds(5)).until(second::isLeader);

    // The new leader's controllers work: a deployment gets scheduled.
    new DeploymentService(etcd.newStore(), Clock.systemUTC())
        .deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.assigned().size() == 2);
  }

  private Server logServer(AtomicReference<String> tokenSeen) throws Exception {
    AgentGrpc.AgentImplBase agent =
        new AgentGrpc.AgentImplBase() {
          @Override
          public void streamLogs(AgentLogsRequest request, StreamObserver<LogLine> out) {
            tokenSeen.set(TOKEN.get());
            for (String id : request.getTaskIdsList()) {
              out.onNext(LogLine.newBuilder().setTaskId(id).setText("hello from " + id).build());
            }
            out.onCompleted();
          }
        };
    ServerInterceptor captureToken =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String token = headers.get(AuthMetadata.SESSION_TOKEN);
            if (token == null) {
              call.close(Status.UNAUTHENTICATED, new Metadata());
              return new ServerCall.Listener<>() {};
            }
            return Contexts.interceptCall(
                Context.current().withValue(TOKEN, token), call, headers, next);
          }
        };
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(ServerInterceptors.intercept(agent, captureToken))
            .build()
            .start();
    closeables.add(server::shutdownNow);
    return server;
  }
}
