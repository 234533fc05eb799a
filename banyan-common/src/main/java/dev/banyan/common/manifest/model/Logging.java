package dev.banyan.common.manifest.model;

import java.util.Map;
import java.util.Optional;

/** A service's {@code logging:} driver and options. */
public record Logging(Optional<String> driver, Map<String, String> options) {
  public Logging {
    options = Maps.copy(options);
  }
}
