package dev.banyan.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one docker-compatible CLI spells each operation. Dialects only build argv and read the
 * tool-specific bits of its JSON; {@link CliContainerRuntime} runs the commands.
 */
public interface Dialect {

  /** The tool's name, e.g. {@code podman}. */
  String name();

  /** The executable and global options that precede every subcommand. */
  List<String> base();

  /** Lists the ids of all containers (any state) carrying all {@code labels}, as JSON. */
  List<String> listIds(Map<String, String> labels);

  /** Reads container ids from the output of {@link #listIds}. */
  List<String> parseIds(JsonNode output);

  /** Inspects containers; the output is a docker-compatible JSON array. */
  List<String> inspect(List<String> ids);

  /** Creates (does not start) a container. */
  List<String> create(ContainerConfig config);

  /**
   * Creates and starts a container in one call (prints its id); the same options as {@link
   * #create}. A container that was created but failed to start is left behind under its name.
   */
  List<String> run(ContainerConfig config);

  /** Starts a created or exited container. */
  List<String> start(String id);

  /** Stops a container with {@code signal} (empty: its configured stop signal) then SIGKILL. */
  List<String> stop(String id, Optional<String> signal, Duration grace);

  /** Removes a container, killing it first if it runs. */
  List<String> remove(String id);

  /** Reads a container's output with timestamps. */
  List<String> logs(String id, LogQuery query);

  /** Streams container events as JSON, one object a line. */
  List<String> events(Map<String, String> labels);

  /** Reads one event line; empty when it is not about a container. */
  Optional<ContainerEvent> parseEvent(JsonNode event);

  /** Runs a command inside a container. */
  List<String> exec(String id, List<String> command);

  /** Inspects a named volume (exit code says whether it exists). */
  List<String> volumeInspect(String name);

  /** Creates a named volume. */
  List<String> volumeCreate(String name);

  /** Removes a named volume. */
  List<String> volumeRemove(String name);

  /** Inspects an image (exit code says whether it is present). */
  List<String> imageInspect(String image);

  /** Describes the runtime as JSON. */
  List<String> info();

  /** Reads the storage directory from the output of {@link #info}. */
  Optional<Path> storageRoot(JsonNode info);
}
