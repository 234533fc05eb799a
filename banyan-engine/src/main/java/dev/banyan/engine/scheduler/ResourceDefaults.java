package dev.banyan.engine.scheduler;

import dev.banyan.proto.v1.Resources;

/**
 * What a task requests when its service declares nothing: the engine's {@code --default-cpus} and
 * {@code --default-memory}. Per resource, a task requests its reservation, else its limit (a
 * container may use that much), else the default.
 */
public record ResourceDefaults(double cpus, long memoryBytes) {
  /** 1 CPU and 512 MiB. */
  public static final ResourceDefaults STANDARD = new ResourceDefaults(1, 512L * 1024 * 1024);

  public ResourceDefaults {
    if (cpus <= 0 || memoryBytes <= 0) {
      throw new IllegalArgumentException(
          "default task requests must be positive; got " + cpus + " CPUs, " + memoryBytes + " B");
    }
  }

  /** The request of a task whose container declares {@code resources}. */
  public ResourceAmount requestOf(Resources resources) {
    double cpu =
        resources.getCpuReservation() > 0
            ? resources.getCpuReservation()
            : resources.getCpuLimit() > 0 ? resources.getCpuLimit() : cpus;
    long memory =
        resources.getMemoryReservationBytes() > 0
            ? resources.getMemoryReservationBytes()
            : resources.getMemoryLimitBytes() > 0 ? resources.getMemoryLimitBytes() : memoryBytes;
    return new ResourceAmount(cpu, memory);
  }
}
