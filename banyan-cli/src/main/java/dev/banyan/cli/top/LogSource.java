package dev.banyan.cli.top;

/** What the log pane tails: a whole service, or one replica of it ({@code replica} 0 means all). */
public record LogSource(String deployment, String service, int replica) {
  /** {@code deployment/service} or {@code deployment/service.replica}, for the pane's title. */
  public String describe() {
    return deployment + "/" + service + (replica == 0 ? "" : "." + replica);
  }
}
