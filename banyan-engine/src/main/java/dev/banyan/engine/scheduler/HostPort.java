package dev.banyan.engine.scheduler;

/** A port a task publishes on its node's host: two tasks on one node cannot share one. */
public record HostPort(String ip, int port, String protocol) {
  public HostPort {
    ip = ip.isEmpty() ? "0.0.0.0" : ip;
    protocol = protocol.isEmpty() ? "tcp" : protocol;
  }

  /** Whether both cannot be bound on one host: same port and protocol, overlapping addresses. */
  public boolean clashesWith(HostPort other) {
    return port == other.port
        && protocol.equals(other.protocol)
        && (ip.equals(other.ip) || ip.equals("0.0.0.0") || other.ip.equals("0.0.0.0"));
  }

  @Override
  public String toString() {
    return (ip.equals("0.0.0.0") ? "" : ip + ":") + port + "/" + protocol;
  }
}
