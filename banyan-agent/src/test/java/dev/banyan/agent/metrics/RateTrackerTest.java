package dev.banyan.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateTrackerTest {
  private final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void rateIsTheIncreasePerSecondSinceThePreviousSample() {
    RateTracker rates = new RateTracker();
    assertThat(rates.rate("c", 10.0, t0)).as("first sample: no rate yet").isZero();
    assertThat(rates.rate("c", 12.5, t0.plusSeconds(5))).isCloseTo(0.5, within(1e-9));
    assertThat(rates.rate("c", 17.5, t0.plusSeconds(10))).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aCounterThatWentDownStartsOver() {
    RateTracker rates = new RateTracker();
    rates.rate("c", 100, t0);
    assertThat(rates.rate("c", 3, t0.plusSeconds(5))).isZero();
    assertThat(rates.rate("c", 8, t0.plusSeconds(10))).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void forgottenKeysStartAgain() {
    RateTracker rates = new RateTracker();
    rates.rate("a", 1, t0);
    rates.retain(Set.of());
    assertThat(rates.rate("a", 5, t0.plusSeconds(1))).isZero();
  }
}
