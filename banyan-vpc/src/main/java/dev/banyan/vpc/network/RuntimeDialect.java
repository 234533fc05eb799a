package dev.banyan.vpc.network;

/** The docker-compatible CLI whose {@code network} sub-commands the agent drives. */
public enum RuntimeDialect {
  /** podman with netavark or CNI; chooses its own bridge name in 4.3 (read back by inspect). */
  PODMAN("podman"),
  /** nerdctl on containerd (CNI bridge plugin). */
  NERDCTL("nerdctl"),
  /** docker (libnetwork bridge driver). */
  DOCKER("docker");

  private final String binary;

  RuntimeDialect(String binary) {
    this.binary = binary;
  }

  /** The executable name, e.g. {@code podman}. */
  public String binary() {
    return binary;
  }
}
