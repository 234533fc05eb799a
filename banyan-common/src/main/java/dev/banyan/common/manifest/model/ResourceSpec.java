package dev.banyan.common.manifest.model;

import java.util.Optional;

/** CPU cores and memory bytes, as a limit or as a reservation. */
public record ResourceSpec(Optional<Double> cpus, Optional<Long> memoryBytes) {
  public static final ResourceSpec NONE = new ResourceSpec(Optional.empty(), Optional.empty());

  public boolean isEmpty() {
    return cpus.isEmpty() && memoryBytes.isEmpty();
  }
}
