package dev.banyan.agent.runtime;

import java.util.Locale;

/** The lifecycle state of a container as the runtime reports it. */
public enum ContainerState {
  CREATED,
  RUNNING,
  PAUSED,
  RESTARTING,
  STOPPING,
  EXITED,
  REMOVING,
  DEAD,
  UNKNOWN;

  /**
   * Maps the runtime's status word ({@code running}, {@code exited}, {@code stopped}...) to a
   * state.
   */
  public static ContainerState parse(String status) {
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "created", "configured", "initialized" -> CREATED;
      case "running", "up" -> RUNNING;
      case "paused" -> PAUSED;
      case "restarting" -> RESTARTING;
      case "stopping" -> STOPPING;
      case "exited", "stopped" -> EXITED;
      case "removing" -> REMOVING;
      case "dead" -> DEAD;
      default -> UNKNOWN;
    };
  }

  /** Whether the container's process has ended (it may be started again). */
  public boolean hasExited() {
    return this == EXITED || this == DEAD;
  }
}
