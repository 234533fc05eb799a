package dev.banyan.common.manifest.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's {@code deploy:} section. {@code notActedOn} keeps keys Banyan parses but does not use
 * (update_config, rollback_config...) so {@code config} can still print them.
 */
public record Deploy(
    Optional<Integer> replicas,
    ResourceSpec limits,
    ResourceSpec reservations,
    Optional<RestartPolicy> restartPolicy,
    List<String> constraints,
    Map<String, Object> notActedOn) {
  public Deploy {
    constraints = List.copyOf(constraints);
    notActedOn = Maps.copy(notActedOn);
  }
}
