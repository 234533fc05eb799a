package dev.banyan.agent.reconcile;

import dev.banyan.proto.v1.RestartPolicy;
import java.time.Duration;

/**
 * The restart policies the agent applies itself (containers are created without the runtime's own
 * {@code --restart}): no, on-failure[:max], always, unless-stopped, with exponential back-off.
 */
public final class RestartRule {
  /** The first wait when the policy gives none. */
  public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** The longest wait between restarts. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** A container that ran this long is healthy enough to reset the back-off. */
  public static final Duration STABLE_RUN = Duration.ofSeconds(10);

  private RestartRule() {}

  /** Whether a container that exited with {@code exitCode} after {@code restarts} is restarted. */
  public static boolean shouldRestart(RestartPolicy policy, int exitCode, int restarts) {
    return switch (policy.getCondition()) {
      case CONDITION_ALWAYS, CONDITION_UNLESS_STOPPED -> true;
      case CONDITION_ON_FAILURE ->
          exitCode != 0 && (policy.getMaxAttempts() == 0 || restarts < policy.getMaxAttempts());
      default -> false;
    };
  }

  /** The first back-off: the policy's delay, or one second. */
  public static Duration firstBackoff(RestartPolicy policy) {
    if (policy.hasDelay()
        && (policy.getDelay().getSeconds() > 0 || policy.getDelay().getNanos() > 0)) {
      return Duration.ofSeconds(policy.getDelay().getSeconds(), policy.getDelay().getNanos());
    }
    return FIRST_BACKOFF;
  }

  /** The back-off after {@code current}: doubled, at most five minutes. */
  public static Duration next(Duration current) {
    Duration doubled = current.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }
}
