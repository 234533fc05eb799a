package dev.banyan.agent.logs;

import dev.banyan.agent.reconcile.NodeView;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerRuntime;
import dev.banyan.agent.runtime.LogEntry;
import dev.banyan.agent.runtime.LogQuery;
import dev.banyan.agent.runtime.Subscription;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.Task;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Streams one task's output as {@link LogLine}s. When following, it survives restarts of the task's
 * container: once a container's stream ends it waits for the task's next running container and
 * resumes after the last line it sent.
 */
final class TaskLogStreamer implements AutoCloseable {
  private final ContainerRuntime runtime;
  private final Supplier<NodeView> view;
  private final ScheduledExecutorService poller;
  private final Task task;
  private final String node;
  private final LogQuery query;
  private final Consumer<LogLine> out;
  private final Runnable onDone;
  private volatile boolean closed;
  private volatile Subscription current;
  private volatile Optional<Instant> lastSent = Optional.empty();
  private volatile String lastContainer = "";

  TaskLogStreamer(
      ContainerRuntime runtime,
      Supplier<NodeView> view,
      ScheduledExecutorService poller,
      Task task,
      String node,
      LogQuery query,
      Consumer<LogLine> out,
      Runnable onDone) {
    this.runtime = runtime;
    this.view = view;
    this.poller = poller;
    this.task = task;
    this.node = node;
    this.query = query;
    this.out = out;
    this.onDone = onDone;
  }

  void start() {
    Optional<ContainerInfo> c = view.get().container(task.getId());
    if (c.isEmpty()) {
      if (query.follow()) {
        poller.schedule(this::resume, 1, TimeUnit.SECONDS);
      } else {
        onDone.run();
      }
      return;
    }
    stream(c.get(), query);
  }

  private void stream(ContainerInfo c, LogQuery q) {
    lastContainer = c.id() + "@" + c.startedAt().map(Instant::toString).orElse("");
    current = runtime.logs(c.id(), q, this::send, this::ended);
  }

  private void send(LogEntry e) {
    if (closed) {
      return;
    }
    e.timestamp().ifPresent(t -> lastSent = Optional.of(t));
    LogLine.Builder line =
        LogLine.newBuilder()
            .setTaskId(task.getId())
            .setService(task.getService())
            .setReplica(task.getReplica())
            .setNode(node)
            .setText(e.text())
            .setStream(
                e.stream() == LogEntry.Stream.STDERR
                    ? LogLine.Stream.STREAM_STDERR
                    : LogLine.Stream.STREAM_STDOUT);
    e.timestamp()
        .ifPresent(
            t ->
                line.setTimestamp(
                    com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(t.getEpochSecond())
                        .setNanos(t.getNano())));
    out.accept(line.build());
  }

  private void ended() {
    if (closed) {
      return;
    }
    if (!query.follow()) {
      onDone.run();
      return;
    }
    poller.schedule(this::resume, 1, TimeUnit.SECONDS);
  }

  /** Waits for the task's next container run, then streams it from after the last line sent. */
  private void resume() {
    if (closed) {
      return;
    }
    NodeView v = view.get();
    if (v.task(task.getId()).isEmpty() && !v.tasks().isEmpty()) {
      onDone.run();
      return;
    }
    Optional<ContainerInfo> c = v.container(task.getId());
    boolean newRun =
        c.isPresent()
            && !c.get().state().hasExited()
            && !(c.get().id() + "@" + c.get().startedAt().map(Instant::toString).orElse(""))
                .equals(lastContainer);
    if (!newRun) {
      poller.schedule(this::resume, 1, TimeUnit.SECONDS);
      return;
    }
    Optional<Instant> since = lastSent.map(t -> t.plusNanos(1)).or(query::since);
    stream(c.get(), new LogQuery(since.isPresent() ? -1 : query.tail(), since, true));
  }

  @Override
  public void close() {
    closed = true;
    Subscription s = current;
    if (s != null) {
      s.close();
    }
  }
}
