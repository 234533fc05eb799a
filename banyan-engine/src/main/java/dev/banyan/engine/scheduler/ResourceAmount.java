package dev.banyan.engine.scheduler;

/**
 * An amount of the resources the scheduler accounts for: CPU cores and memory bytes. Used for
 * tasks' requests and nodes' allocatable capacity alike.
 */
public record ResourceAmount(double cpus, long memoryBytes) {
  /** Nothing. */
  public static final ResourceAmount NONE = new ResourceAmount(0, 0);

  /** More than any task asks for: nodes in tests that do not care about resources. */
  public static final ResourceAmount UNLIMITED = new ResourceAmount(1_000_000, Long.MAX_VALUE / 4);

  public ResourceAmount plus(ResourceAmount other) {
    return new ResourceAmount(cpus + other.cpus, memoryBytes + other.memoryBytes);
  }

  /** What is left of this after {@code used}, never below zero. */
  public ResourceAmount minus(ResourceAmount used) {
    return new ResourceAmount(
        Math.max(0, cpus - used.cpus), Math.max(0, memoryBytes - used.memoryBytes));
  }

  /** Whether {@code request} fits in this amount (with a little slack for float sums). */
  public boolean covers(ResourceAmount request) {
    return cpusCover(request.cpus) && memoryBytes >= request.memoryBytes;
  }

  boolean cpusCover(double wanted) {
    return cpus + 1e-9 >= wanted;
  }
}
