package dev.banyan.common.manifest.model;

/** An entry of {@code depends_on}. */
public record Dependency(String service, Condition condition, boolean required, Position position) {
  /** When a dependency counts as ready. */
  public enum Condition {
    SERVICE_STARTED,
    SERVICE_HEALTHY,
    SERVICE_COMPLETED_SUCCESSFULLY;

    public String composeName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
