package dev.banyan.agent.health;

import dev.banyan.agent.runtime.ContainerRuntime;
import dev.banyan.agent.runtime.ExecResult;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each watched container's health check with {@code exec} at its interval (with its timeout)
 * and keeps a {@link HealthTracker} per container; calls {@code onChange} when a health changes.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final int DEFAULT_RETRIES = 3;

  private final ContainerRuntime runtime;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Runnable onChange;
  private final Map<String, HealthTracker> trackers = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> jobs = new HashMap<>();

  public HealthMonitor(
      ContainerRuntime runtime,
      Clock clock,
      ScheduledExecutorService scheduler,
      Runnable onChange) {
    this.runtime = runtime;
    this.clock = clock;
    this.scheduler = scheduler;
    this.onChange = onChange;
  }

  /** Watches exactly these containers (id → check); others stop being checked. */
  public synchronized void watch(Map<String, HealthCheck> targets) {
    jobs.keySet()
        .removeIf(
            id -> {
              if (!targets.containsKey(id)) {
                jobs.get(id).cancel(true);
                trackers.remove(id);
                return true;
              }
              return false;
            });
    targets.forEach(
        (id, check) -> {
          if (!jobs.containsKey(id)) {
            trackers.put(
                id,
                HealthTracker.start(
                    clock.instant(),
                    duration(check.getStartPeriod(), Duration.ZERO),
                    check.getRetries() == 0 ? DEFAULT_RETRIES : check.getRetries()));
            long every = duration(check.getInterval(), DEFAULT_INTERVAL).toMillis();
            jobs.put(
                id,
                scheduler.scheduleWithFixedDelay(
                    () -> runCheck(id, check), every, every, TimeUnit.MILLISECONDS));
          }
        });
  }

  /** Health by container id. */
  public Map<String, Health> snapshot() {
    Map<String, Health> out = new HashMap<>();
    trackers.forEach((id, t) -> out.put(id, t.health()));
    return out;
  }

  private void runCheck(String id, HealthCheck check) {
    ExecResult r;
    try {
      r =
          runtime.exec(
              id, command(check.getTestList()), duration(check.getTimeout(), DEFAULT_TIMEOUT));
    } catch (RuntimeException e) {
      log.debug("health check of {} could not run", id, e);
      r = new ExecResult(-1, String.valueOf(e.getMessage()), false);
    }
    boolean ok = r.succeeded();
    HealthTracker before = trackers.get(id);
    if (before == null) {
      return;
    }
    HealthTracker after = before.record(ok, clock.instant());
    trackers.put(id, after);
    if (after.health() != before.health()) {
      log.info("container {} is now {}", id, after.health());
      onChange.run();
    }
  }

  /** The argv to exec for a compose-style test. */
  static List<String> command(List<String> test) {
    if (test.isEmpty()) {
      return List.of("true");
    }
    return switch (test.get(0)) {
      case "CMD" -> test.subList(1, test.size());
      case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
      default -> test;
    };
  }

  private static Duration duration(com.google.protobuf.Duration d, Duration fallback) {
    Duration v = Duration.ofSeconds(d.getSeconds(), d.getNanos());
    return v.isZero() ? fallback : v;
  }

  @Override
  public synchronized void close() {
    jobs.values().forEach(f -> f.cancel(true));
    jobs.clear();
  }
}
