package dev.banyan.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContainerRuntime} that drives a docker-compatible CLI, as spelled by a {@link Dialect}.
 */
public final class CliContainerRuntime implements ContainerRuntime {
  private static final Logger log = LoggerFactory.getLogger(CliContainerRuntime.class);
  private static final Duration QUICK = Duration.ofSeconds(60);
  // Creating may pull an image first.
  private static final Duration CREATE = Duration.ofMinutes(10);

  private final Dialect dialect;
  private final ProcessRunner runner;

  public CliContainerRuntime(Dialect dialect, ProcessRunner runner) {
    this.dialect = dialect;
    this.runner = runner;
  }

  /** The dialect this runtime speaks. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public String name() {
    return dialect.name();
  }

  @Override
  public List<ContainerInfo> list(Map<String, String> labels) {
    ProcessRunner.Result ps = check(dialect.listIds(labels), QUICK);
    List<String> ids = dialect.parseIds(parse(ps.stdout()));
    if (ids.isEmpty()) {
      return List.of();
    }
    ProcessRunner.Result inspected = runner.run(dialect.inspect(ids), QUICK);
    if (!inspected.ok()) {
      // A container removed between ps and inspect: inspect the survivors one by one.
      List<ContainerInfo> out = new ArrayList<>();
      ids.forEach(id -> inspect(id).ifPresent(out::add));
      return out;
    }
    return InspectParser.parse(parse(inspected.stdout()));
  }

  @Override
  public Optional<ContainerInfo> inspect(String idOrName) {
    ProcessRunner.Result r = runner.run(dialect.inspect(List.of(idOrName)), QUICK);
    if (!r.ok()) {
      return Optional.empty();
    }
    return InspectParser.parse(parse(r.stdout())).stream().findFirst();
  }

  @Override
  public String createAndStart(ContainerConfig config) {
    // One runtime call rather than create + start: each call is a process start of the runtime's
    // CLI, and a deploy starts many containers at once (docs/benchmarks.md).
    ProcessRunner.Result ran = runner.run(dialect.run(config), CREATE);
    if (!ran.ok()) {
      // Created but not started (e.g. its command does not exist): remove it, by name.
      runner.run(dialect.remove(config.name()), QUICK);
      throw new ContainerRuntimeException(errorText(ran));
    }
    String[] lines = ran.stdout().strip().split("\n", -1);
    return lines[lines.length - 1].strip();
  }

  @Override
  public void start(String id) {
    check(dialect.start(id), QUICK);
  }

  @Override
  public void stop(String id, Optional<String> signal, Duration grace) {
    ProcessRunner.Result r = runner.run(dialect.stop(id, signal, grace), grace.plus(QUICK));
    if (!r.ok() && inspect(id).map(c -> !c.state().hasExited()).orElse(false)) {
      throw new ContainerRuntimeException(errorText(r));
    }
  }

  @Override
  public void remove(String id) {
    ProcessRunner.Result r = runner.run(dialect.remove(id), QUICK);
    if (!r.ok() && inspect(id).isPresent()) {
      throw new ContainerRuntimeException(errorText(r));
    }
  }

  @Override
  public Subscription logs(String id, LogQuery query, Consumer<LogEntry> onLine, Runnable onEnd) {
    return runner.stream(
        dialect.logs(id, query),
        line -> onLine.accept(logEntry(LogEntry.Stream.STDOUT, line)),
        line -> onLine.accept(logEntry(LogEntry.Stream.STDERR, line)),
        onEnd);
  }

  @Override
  public List<LogEntry> logLines(String id, LogQuery query) {
    LogQuery once = new LogQuery(query.tail(), query.since(), false);
    ProcessRunner.Result r = check(dialect.logs(id, once), QUICK);
    List<LogEntry> out = new ArrayList<>();
    addLines(out, LogEntry.Stream.STDOUT, r.stdout());
    addLines(out, LogEntry.Stream.STDERR, r.stderr());
    // Both streams were read whole; order them by time again.
    out.sort(
        (a, b) ->
            a.timestamp().orElse(Instant.EPOCH).compareTo(b.timestamp().orElse(Instant.EPOCH)));
    return out;
  }

  private static void addLines(List<LogEntry> out, LogEntry.Stream stream, String text) {
    if (text.isEmpty()) {
      return;
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    for (String line : body.split("\n", -1)) {
      out.add(logEntry(stream, line));
    }
  }

  /** Splits the {@code --timestamps} prefix off a log line. */
  static LogEntry logEntry(LogEntry.Stream stream, String line) {
    int space = line.indexOf(' ');
    if (space > 0) {
      try {
        Instant at = OffsetDateTime.parse(line.substring(0, space)).toInstant();
        return new LogEntry(stream, Optional.of(at), line.substring(space + 1));
      } catch (DateTimeParseException e) {
        // Not a timestamp: the whole line is text.
      }
    }
    return new LogEntry(stream, Optional.empty(), line);
  }

  @Override
  public Subscription events(
      Map<String, String> labels, Consumer<ContainerEvent> onEvent, Runnable onEnd) {
    return runner.stream(
        dialect.events(labels),
        line -> dialect.parseEvent(Json.parseOrMissing(line)).ifPresent(onEvent),
        line -> log.debug("{} events: {}", dialect.name(), line),
        onEnd);
  }

  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    ProcessRunner.Result r = runner.run(dialect.exec(id, command), timeout);
    return new ExecResult(r.exitCode(), r.stdout() + r.stderr(), r.timedOut());
  }

  @Override
  public void createVolume(String name) {
    if (!runner.run(dialect.volumeInspect(name), QUICK).ok()) {
      check(dialect.volumeCreate(name), QUICK);
    }
  }

  @Override
  public void removeVolume(String name) {
    ProcessRunner.Result r = runner.run(dialect.volumeRemove(name), QUICK);
    if (!r.ok() && runner.run(dialect.volumeInspect(name), QUICK).ok()) {
      throw new ContainerRuntimeException(errorText(r));
    }
  }

  @Override
  public boolean imagePresent(String image) {
    return runner.run(dialect.imageInspect(image), QUICK).ok();
  }

  @Override
  public Path storageRoot() {
    ProcessRunner.Result r = runner.run(dialect.info(), QUICK);
    if (r.ok()) {
      Optional<Path> root = dialect.storageRoot(Json.parseOrMissing(r.stdout()));
      if (root.isPresent()) {
        return root.get();
      }
    }
    log.warn("{} info did not name its storage directory; reporting the disk of /", name());
    return Path.of("/");
  }

  private ProcessRunner.Result check(List<String> argv, Duration timeout) {
    ProcessRunner.Result r = runner.run(argv, timeout);
    if (!r.ok()) {
      throw new ContainerRuntimeException(errorText(r));
    }
    return r;
  }

  private static String errorText(ProcessRunner.Result r) {
    if (r.timedOut()) {
      return "the container CLI did not answer in time";
    }
    String err = r.stderr().strip();
    return err.isEmpty() ? "the container CLI exited with code " + r.exitCode() : err;
  }

  private static JsonNode parse(String text) {
    try {
      return Json.parseArrayOrLines(text);
    } catch (JsonProcessingException e) {
      throw new ContainerRuntimeException("the container CLI printed output that is not JSON", e);
    }
  }
}
