package dev.banyan.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.banyan.agent.node.HostLimits;
import dev.banyan.agent.node.UlimitPolicy;
import dev.banyan.agent.runtime.ContainerConfig;
import dev.banyan.agent.runtime.ContainerEvent;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerRuntime;
import dev.banyan.agent.runtime.ContainerState;
import dev.banyan.agent.runtime.ExecResult;
import dev.banyan.agent.runtime.LogEntry;
import dev.banyan.agent.runtime.LogQuery;
import dev.banyan.agent.runtime.Subscription;
import dev.banyan.proto.v1.Argv;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler reports a container it has just started from that container's own inspection,
 * without waiting for a listing of the whole node (which queues behind a deploy's other starts).
 * The runtime here is scripted: the real one is exercised by AgentIntegrationTest and the e2e
 * tests; this pins down the order of calls, which those cannot see.
 */
class ReconcilerStartReportTest {
  private static final String NODE = "n1";

  @TempDir Path dataDir;
  private Reconciler reconciler;
  private final CountDownLatch releaseListings = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    releaseListings.countDown();
    if (reconciler != null) {
      reconciler.close();
    }
  }

  @Test
  void aStartedContainerIsReportedRunningWithItsAddressBeforeTheNextListing() {
    ScriptedRuntime runtime = new ScriptedRuntime();
    Map<String, TaskStatus> reported = new ConcurrentHashMap<>();
    UlimitPolicy ulimits =
        new UlimitPolicy(
            HostLimits.parse(
                "Max processes 4096 4096 processes\nMax open files 1024 20000 files\n", "32768"));
    reconciler =
        new Reconciler(
            NODE,
            runtime,
            new ReconcilePlanner(ulimits),
            new ContainerSpecTranslator(
                NODE, dataDir, ulimits, NetworkAttachment.RUNTIME_DEFAULT, false),
            reported::put,
            Clock.systemUTC(),
            Duration.ofMinutes(10));
    Task task =
        Task.newBuilder()
            .setId("t1")
            .setDeployment("shop")
            .setService("web")
            .setReplica(1)
            .setSpecHash("h1")
            .setDesiredState(TaskState.TASK_STATE_RUNNING)
            .setSpec(
                ContainerSpec.newBuilder()
                    .setImage("busybox")
                    .setCommand(Argv.newBuilder().addArgs("sleep").addArgs("60")))
            .build();

    reconciler.replaceDesired(List.of(task));
    reconciler.start();

    // The first listing found nothing, so the container was created; every later listing is
    // held back, yet the task is reported RUNNING with the inspected container's address.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              TaskStatus s = reported.get("t1");
              assertThat(s).isNotNull();
              assertThat(s.getState()).isEqualTo(TaskState.TASK_STATE_RUNNING);
              assertThat(s.getContainerId()).isEqualTo("c1");
              assertThat(s.getAddressesList()).containsExactly("10.88.0.7");
            });
    assertThat(runtime.listingsFinished.get()).isEqualTo(1);
    assertThat(runtime.creates.get()).isEqualTo(1);
  }

  /** Lists nothing once, then holds every later listing until the test ends. */
  private final class ScriptedRuntime implements ContainerRuntime {
    final AtomicInteger listingsFinished = new AtomicInteger();
    final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger listings = new AtomicInteger();
    private volatile Map<String, String> labels = Map.of();

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> filter) {
      if (listings.getAndIncrement() > 0) {
        try {
          releaseListings.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }
      listingsFinished.incrementAndGet();
      return List.of();
    }

    @Override
    public Optional<ContainerInfo> inspect(String id) {
      return Optional.of(
          new ContainerInfo(
              id,
              "banyan-shop-web-1-t1",
              "busybox",
              ContainerState.RUNNING,
              0,
              false,
              Optional.of(Instant.now()),
              Optional.empty(),
              labels,
              List.of("10.88.0.7"),
              "",
              4242));
    }

    @Override
    public String createAndStart(ContainerConfig config) {
      creates.incrementAndGet();
      labels = config.labels();
      return "c1";
    }

    @Override
    public void start(String id) {}

    @Override
    public void stop(String id, Optional<String> signal, Duration grace) {}

    @Override
    public void remove(String id) {}

    @Override
    public Subscription logs(String id, LogQuery query, Consumer<LogEntry> onLine, Runnable onEnd) {
      return () -> {};
    }

    @Override
    public List<LogEntry> logLines(String id, LogQuery query) {
      return List.of();
    }

    @Override
    public Subscription events(
        Map<String, String> filter, Consumer<ContainerEvent> onEvent, Runnable onEnd) {
      return () -> {};
    }

    @Override
    public ExecResult exec(String id, List<String> command, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void createVolume(String name) {}

    @Override
    public void removeVolume(String name) {}

    @Override
    public boolean imagePresent(String image) {
      return true;
    }

    @Override
    public Path storageRoot() {
      return dataDir;
    }
  }
}
