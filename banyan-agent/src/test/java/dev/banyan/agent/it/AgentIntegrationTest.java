package dev.banyan.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.banyan.agent.Agent;
import dev.banyan.agent.AgentConfig;
import dev.banyan.agent.reconcile.TaskLabels;
import dev.banyan.agent.runtime.CliContainerRuntime;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerState;
import dev.banyan.agent.testing.FakeDispatcher;
import dev.banyan.agent.testing.Podman;
import dev.banyan.common.auth.AuthMetadata;
import dev.banyan.proto.v1.AgentGrpc;
import dev.banyan.proto.v1.AgentLogsRequest;
import dev.banyan.proto.v1.Argv;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.RestartPolicy;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real agent (real classes, real podman, real sockets) against a fake engine dispatcher. */
class AgentIntegrationTest {
  private final String node = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final CliContainerRuntime podman = Podman.runtime();
  private FakeDispatcher engine;
  private Agent agent;
  private Path dataDir;

  @BeforeAll
  static void image() throws Exception {
    Podman.ensureImage();
  }

  @BeforeEach
  void setUp() throws Exception {
    engine = new FakeDispatcher();
    dataDir = Files.createTempDirectory("banyan-agent-it");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    engine.close();
    Podman.removeAll(TaskLabels.NODE + "=" + node);
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Agent startAgent() {
    return Agent.start(
        new AgentConfig(
            List.of("127.0.0.1:" + engine.port()),
            node,
            "podman",
            "auto",
            new InetSocketAddress("127.0.0.1", 0),
            "127.0.0.1",
            Map.of("zone", "test"),
            dataDir,
            Optional.empty(),
            Duration.ofSeconds(1),
            false));
  }

  private static Task task(String id, String service, int replica, List<String> command) {
    return Task.newBuilder()
        .setId(id)
        .setDeployment("shop")
        .setService(service)
        .setReplica(replica)
        .setSpecHash("hash-1")
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setSpec(
            ContainerSpec.newBuilder()
                .setImage(Podman.IMAGE)
                .setCommand(Argv.newBuilder().addAllArgs(command))
                .setInit(true)
                .setStopGracePeriod(com.google.protobuf.Duration.newBuilder().setSeconds(1))
                .setRestart(
                    RestartPolicy.newBuilder()
                        .setCondition(RestartPolicy.Condition.CONDITION_ALWAYS)))
        .build();
  }

  private List<ContainerInfo> containers() {
    return podman.list(Map.of(TaskLabels.NODE, node));
  }

  private Optional<TaskStatus> reported(String taskId) {
    return Optional.ofNullable(engine.latest().get(taskId));
  }

  @Test
  void runsAdoptsRemovesRestartsAndServesLogs() throws Exception {
    String id1 = UUID.randomUUID().toString();
    String id2 = UUID.randomUUID().toString();
    Task web1 = task(id1, "web", 1, List.of("sh", "-c", "echo hello-logs; exec sleep 300"));
    Task web2 = task(id2, "web", 2, List.of("sleep", "300"));

    agent = startAgent();
    await().atMost(Duration.ofSeconds(20)).until(() -> !engine.registrations().isEmpty());
    assertThat(engine.registrations().get(0).getNodeName()).isEqualTo(node);
    assertThat(engine.registrations().get(0).getCapacity().getCpuCores()).isPositive();
    assertThat(engine.registrations().get(0).getRuntime()).isEqualTo("podman");
    engine.setTasks(List.of(web1, web2));

    // Two tasks → two running containers with Banyan's labels, reported RUNNING.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(reported(id1).map(TaskStatus::getState))
                  .contains(TaskState.TASK_STATE_RUNNING);
              assertThat(reported(id2).map(TaskStatus::getState))
                  .contains(TaskState.TASK_STATE_RUNNING);
            });
    List<ContainerInfo> first = containers();
    assertThat(first).hasSize(2).allMatch(c -> c.state() == ContainerState.RUNNING);
    ContainerInfo c1 =
        first.stream()
            .filter(c -> c.labels().get(TaskLabels.TASK).equals(id1))
            .findFirst()
            .orElseThrow();
    assertThat(c1.labels())
        .containsEntry(TaskLabels.DEPLOYMENT, "shop")
        .containsEntry(TaskLabels.SERVICE, "web")
        .containsEntry(TaskLabels.REPLICA, "1")
        .containsEntry(TaskLabels.SPEC_HASH, "hash-1")
        .containsEntry(TaskLabels.NODE, node);
    assertThat(c1.name()).isEqualTo("banyan-shop-web-1-" + id1.substring(0, 8));
    assertThat(reported(id1).orElseThrow().getContainerId()).isEqualTo(c1.id());

    // Restart the agent: it adopts the same containers and starts no duplicates.
    String staleToken = engine.token();
    agent.close();
    agent = startAgent();
    await().atMost(Duration.ofSeconds(20)).until(() -> engine.registrations().size() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> !engine.token().equals(staleToken));
    // Give the new agent several resync passes to (wrongly) create anything.
    await()
        .pollDelay(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(containers())
                    .extracting(ContainerInfo::id)
                    .containsExactlyInAnyOrderElementsOf(
                        first.stream().map(ContainerInfo::id).toList()));

    // StreamLogs with the current token works; a wrong or stale one is refused.
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", agent.port()).usePlaintext().build();
    try {
      List<LogLine> lines = new ArrayList<>();
      Iterator<LogLine> it =
          withToken(channel, engine.token())
              .withDeadlineAfter(20, TimeUnit.SECONDS)
              .streamLogs(AgentLogsRequest.newBuilder().addTaskIds(id1).setTail(-1).build());
      it.forEachRemaining(lines::add);
      assertThat(lines).extracting(LogLine::getText).contains("hello-logs");
      LogLine line =
          lines.stream().filter(l -> l.getText().equals("hello-logs")).findFirst().orElseThrow();
      assertThat(line.getTaskId()).isEqualTo(id1);
      assertThat(line.getService()).isEqualTo("web");
      assertThat(line.getReplica()).isEqualTo(1);
      assertThat(line.getNode()).isEqualTo(node);
      assertThat(line.getStream()).isEqualTo(LogLine.Stream.STREAM_STDOUT);
      assertThat(line.hasTimestamp()).isTrue();
      for (String bad : List.of("wrong-token", staleToken)) {
        assertThatThrownBy(
                () ->
                    withToken(channel, bad)
                        .streamLogs(AgentLogsRequest.newBuilder().addTaskIds(id1).build())
                        .hasNext())
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      }
    } finally {
      channel.shutdownNow();
    }

    // Remove a task: its container is stopped and removed.
    String id3 = UUID.randomUUID().toString();
    Task crash = task(id3, "crash", 1, List.of("sh", "-c", "echo crashing; exit 1"));
    engine.setTasks(List.of(web1, crash));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(containers())
                    .extracting(c -> c.labels().get(TaskLabels.TASK))
                    .doesNotContain(id2)
                    .contains(id1));

    // A crash loop: restart_count grows and the back-off is reported.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              TaskStatus s = reported(id3).orElseThrow();
              assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(2);
            });
    assertThat(engine.history())
        .filteredOn(u -> u.getTaskId().equals(id3))
        .extracting(u -> u.getStatus())
        .anySatisfy(
            s -> {
              assertThat(s.getState()).isEqualTo(TaskState.TASK_STATE_STARTING);
              assertThat(s.getBackoff().getSeconds()).isGreaterThanOrEqualTo(2);
              assertThat(s.getExitCode()).isEqualTo(1);
              assertThat(s.getLastLogLinesList()).contains("crashing");
            });
    assertThat(containers())
        .filteredOn(c -> c.labels().get(TaskLabels.TASK).equals(id3))
        .hasSize(1);
  }

  private static AgentGrpc.AgentBlockingStub withToken(ManagedChannel channel, String token) {
    Metadata md = new Metadata();
    md.put(AuthMetadata.SESSION_TOKEN, token);
    return AgentGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }
}
