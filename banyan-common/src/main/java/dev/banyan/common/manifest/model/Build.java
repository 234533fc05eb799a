package dev.banyan.common.manifest.model;

import java.util.Map;
import java.util.Optional;

/** A service's {@code build:} section (parsed; Banyan runs {@code image:} and ignores build). */
public record Build(
    String context,
    Optional<String> dockerfile,
    Map<String, String> args,
    Optional<String> target) {
  public Build {
    args = Maps.copy(args);
  }
}
