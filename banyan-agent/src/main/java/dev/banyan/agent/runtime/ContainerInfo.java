package dev.banyan.agent.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime knows about one container: enough for the reconciler to adopt it and for the
 * agent to report its task's status. {@code pid} is the main process on the host (0: not running or
 * unknown), where the metrics collector finds the container's cgroup and network counters.
 */
public record ContainerInfo(
    String id,
    String name,
    String image,
    ContainerState state,
    int exitCode,
    boolean oomKilled,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Map<String, String> labels,
    List<String> addresses,
    String error,
    int pid) {

  public ContainerInfo {
    labels = Map.copyOf(labels);
    addresses = List.copyOf(addresses);
  }

  /** The value of {@code key} among the container's labels. */
  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }
}
