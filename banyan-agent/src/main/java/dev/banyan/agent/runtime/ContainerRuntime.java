package dev.banyan.agent.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The container runtime as the agent needs it. Listing by label is part of the contract (in the
 * spirit of Nomad's {@code RecoverTask}): a restarted agent finds and adopts its containers through
 * {@link #list}. Calls that fail throw {@link ContainerRuntimeException} with the runtime's text.
 */
public interface ContainerRuntime {

  /** The tool's name: {@code podman}, {@code docker} or {@code nerdctl}. */
  String name();

  /** Every container (running or not) carrying all of {@code labels}, fully inspected. */
  List<ContainerInfo> list(Map<String, String> labels);

  /** One container by id or name; empty when it does not exist. */
  Optional<ContainerInfo> inspect(String idOrName);

  /** Creates and starts a container; returns its id. A container left created is removed. */
  String createAndStart(ContainerConfig config);

  /** Starts an existing (exited) container again. */
  void start(String id);

  /** Stops a container: {@code signal} first (empty: its stop signal), then SIGKILL after grace. */
  void stop(String id, Optional<String> signal, Duration grace);

  /** Removes a container, killing it if it still runs; a missing container is not an error. */
  void remove(String id);

  /** Reads a container's output; with {@code follow} the callback runs until it stops. */
  Subscription logs(String id, LogQuery query, Consumer<LogEntry> onLine, Runnable onEnd);

  /** Reads the last lines of a container's output at once. */
  List<LogEntry> logLines(String id, LogQuery query);

  /** Streams lifecycle events of containers carrying all of {@code labels}. */
  Subscription events(Map<String, String> labels, Consumer<ContainerEvent> onEvent, Runnable onEnd);

  /** Runs a command inside a running container, killing it after {@code timeout}. */
  ExecResult exec(String id, List<String> command, Duration timeout);

  /** Creates a named volume unless it exists. */
  void createVolume(String name);

  /** Removes a named volume; a missing one is not an error. */
  void removeVolume(String name);

  /** Whether the image is present on this node. */
  boolean imagePresent(String image);

  /** Where the runtime keeps images and containers (for the node's disk capacity). */
  Path storageRoot();
}
