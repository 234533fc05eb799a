package dev.banyan.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void failuresInTheStartPeriodDoNotCount() {
    HealthTracker t = HealthTracker.start(T0, Duration.ofSeconds(30), 1);
    t = t.record(false, T0.plusSeconds(10));
    assertThat(t.health()).isEqualTo(Health.HEALTH_STARTING);
    t = t.record(false, T0.plusSeconds(31));
    assertThat(t.health()).isEqualTo(Health.HEALTH_UNHEALTHY);
  }

  @Test
  void retriesConsecutiveFailuresMakeItUnhealthyAndOneSuccessHealthy() {
    HealthTracker t = HealthTracker.start(T0, Duration.ZERO, 3);
    t = t.record(true, T0.plusSeconds(1));
    assertThat(t.health()).isEqualTo(Health.HEALTH_HEALTHY);
    t = t.record(false, T0.plusSeconds(2)).record(false, T0.plusSeconds(3));
    assertThat(t.health()).isEqualTo(Health.HEALTH_HEALTHY);
    t = t.record(false, T0.plusSeconds(4));
    assertThat(t.health()).isEqualTo(Health.HEALTH_UNHEALTHY);
    assertThat(t.record(true, T0.plusSeconds(5)).health()).isEqualTo(Health.HEALTH_HEALTHY);
  }

  @Test
  void composeTestFormsBecomeExecArgv() {
    assertThat(HealthMonitor.command(List.of("CMD", "wget", "-q", "localhost")))
        .containsExactly("wget", "-q", "localhost");
    assertThat(HealthMonitor.command(List.of("CMD-SHELL", "test -f /ok")))
        .containsExactly("/bin/sh", "-c", "test -f /ok");
  }
}
