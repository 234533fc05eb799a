package dev.banyan.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.banyan.agent.testing.Podman;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the real podman on this machine. */
class CliContainerRuntimeTest {
  private static final String RUN = "rt-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Map<String, String> LABELS = Map.of("banyan.test", RUN);
  private static final ContainerConfig.Ulimit NOFILE =
      new ContainerConfig.Ulimit("nofile", 1024, 1024);
  private static final ContainerConfig.Ulimit NPROC =
      new ContainerConfig.Ulimit("nproc", 1024, 1024);
  private final CliContainerRuntime runtime = Podman.runtime();

  @BeforeAll
  static void image() throws Exception {
    Podman.ensureImage();
  }

  @AfterAll
  static void cleanUp() {
    Podman.removeAll("banyan.test=" + RUN);
  }

  private static ContainerConfig config(String name, List<String> command) {
    return ContainerConfig.of(RUN + "-" + name, Podman.IMAGE, LABELS)
        .withCommand(command)
        .withUlimits(List.of(NOFILE, NPROC))
        .withInit(true, Optional.of(Duration.ofSeconds(1)));
  }

  @Test
  void createListInspectStopRemove() {
    String id = runtime.createAndStart(config("life", List.of("sleep", "300")));
    List<ContainerInfo> listed = runtime.list(LABELS);
    assertThat(listed).extracting(ContainerInfo::id).contains(id);
    ContainerInfo c = runtime.inspect(id).orElseThrow();
    assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(c.name()).isEqualTo(RUN + "-life");
    assertThat(c.labels()).containsEntry("banyan.test", RUN);
    assertThat(c.startedAt()).isPresent();
    assertThat(c.addresses()).isNotEmpty();
    runtime.stop(id, Optional.empty(), Duration.ofSeconds(1));
    assertThat(runtime.inspect(id).orElseThrow().state()).isEqualTo(ContainerState.EXITED);
    runtime.remove(id);
    assertThat(runtime.inspect(id)).isEmpty();
    runtime.remove(id); // a missing container is not an error
  }

  @Test
  void logsWithTailAndSinceSeparateStdoutAndStderr() {
    String id =
        runtime.createAndStart(
            config("logs", List.of("sh", "-c", "echo one; echo two >&2; echo three; sleep 300")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runtime.logLines(id, LogQuery.all()).size() == 3);
    List<LogEntry> all = runtime.logLines(id, LogQuery.all());
    assertThat(all).extracting(LogEntry::text).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(all)
        .filteredOn(e -> e.text().equals("two"))
        .singleElement()
        .extracting(LogEntry::stream)
        .isEqualTo(LogEntry.Stream.STDERR);
    assertThat(all).allMatch(e -> e.timestamp().isPresent());
    assertThat(runtime.logLines(id, LogQuery.tail(1))).hasSize(1);
    Instant future = Instant.now().plusSeconds(3600);
    assertThat(runtime.logLines(id, new LogQuery(-1, Optional.of(future), false))).isEmpty();
    runtime.remove(id);
  }

  @Test
  void followedLogsAndEventsArriveAsTheyHappen() {
    List<ContainerEvent> events = new CopyOnWriteArrayList<>();
    try (Subscription sub = runtime.events(LABELS, events::add, () -> {})) {
      String id =
          runtime.createAndStart(
              config(
                  "follow", List.of("sh", "-c", "for i in 1 2 3; do echo line$i; sleep 1; done")));
      List<LogEntry> lines = new CopyOnWriteArrayList<>();
      try (Subscription logs =
          runtime.logs(id, new LogQuery(-1, Optional.empty(), true), lines::add, () -> {})) {
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(lines)
                        .extracting(LogEntry::text)
                        .containsExactly("line1", "line2", "line3"));
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(events)
                      .filteredOn(e -> e.containerId().equals(id))
                      .extracting(ContainerEvent::action)
                      .contains("start", "died"));
      runtime.remove(id);
    }
  }

  @Test
  void execRunsInsideWithATimeout() {
    String id = runtime.createAndStart(config("exec", List.of("sleep", "300")));
    ExecResult ok =
        runtime.exec(id, List.of("sh", "-c", "echo hi; exit 0"), Duration.ofSeconds(20));
    assertThat(ok.succeeded()).isTrue();
    assertThat(ok.output()).contains("hi");
    assertThat(runtime.exec(id, List.of("sh", "-c", "exit 3"), Duration.ofSeconds(20)).exitCode())
        .isEqualTo(3);
    ExecResult slow = runtime.exec(id, List.of("sleep", "30"), Duration.ofSeconds(1));
    assertThat(slow.timedOut()).isTrue();
    runtime.remove(id);
  }

  @Test
  void aMissingImageFailsWithThePodmanErrorText() {
    ContainerConfig c =
        new ContainerConfig(
            RUN + "-noimage",
            "localhost/banyan-no-such-image:" + RUN,
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            LABELS,
            List.of(),
            List.of(),
            List.of(),
            "",
            "",
            "",
            List.of(NOFILE, NPROC),
            List.of(),
            List.of(),
            false,
            false,
            List.of(),
            List.of(),
            0,
            0,
            "",
            Optional.empty(),
            "",
            Map.of(),
            List.of());
    assertThatThrownBy(() -> runtime.createAndStart(c))
        .isInstanceOf(ContainerRuntimeException.class)
        .hasMessageContaining("banyan-no-such-image");
    assertThat(runtime.imagePresent(c.image())).isFalse();
    assertThat(runtime.imagePresent(Podman.IMAGE)).isTrue();
  }

  @Test
  void aContainerThatExitsAtOnceShowsItsCodeAndLastLines() {
    String id =
        runtime.createAndStart(config("crash", List.of("sh", "-c", "echo about to fail; exit 1")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runtime.inspect(id).orElseThrow().state().hasExited());
    ContainerInfo c = runtime.inspect(id).orElseThrow();
    assertThat(c.exitCode()).isEqualTo(1);
    assertThat(c.finishedAt()).isPresent();
    assertThat(runtime.logLines(id, LogQuery.tail(20)))
        .extracting(LogEntry::text)
        .containsExactly("about to fail");
    runtime.remove(id);
  }

  @Test
  void aContainerThatCannotStartIsExplainedAndNotLeftBehind() {
    ContainerConfig unstartable =
        config("unstartable", List.of("/no/such/binary")).withInit(false, Optional.empty());

    assertThatThrownBy(() -> runtime.createAndStart(unstartable))
        .isInstanceOf(ContainerRuntimeException.class)
        .hasMessageContaining("/no/such/binary");
    assertThat(runtime.list(LABELS))
        .extracting(ContainerInfo::name)
        .doesNotContain(RUN + "-unstartable");
    // The name is free again: the next attempt is not refused as a duplicate.
    String id = runtime.createAndStart(config("unstartable", List.of("sleep", "300")));
    runtime.remove(id);
  }

  @Test
  void namedVolumesAreCreatedOnceAndRemoved() {
    String volume = RUN + "-vol";
    runtime.createVolume(volume);
    runtime.createVolume(volume);
    runtime.removeVolume(volume);
    runtime.removeVolume(volume);
  }

  @Test
  void theStorageRootIsPodmansGraphRoot() {
    assertThat(runtime.storageRoot()).isAbsolute().exists();
  }
}
