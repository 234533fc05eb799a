package dev.banyan.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncreaseTest {
  private final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

  private Increase.Point at(int seconds, double v) {
    return new Increase.Point(t0.plusSeconds(seconds), v);
  }

  @Test
  void rateOverTheWindow() {
    assertThat(Increase.ratePerSecond(List.of(at(0, 10), at(5, 20), at(10, 40))))
        .isCloseTo(3.0, within(1e-9));
  }

  @Test
  void aResetCountsTheNewValueWhole() {
    // 10 -> 20 (+10), agent restarted: 20 -> 5 (+5), 5 -> 15 (+10)
    assertThat(Increase.of(List.of(at(0, 10), at(5, 20), at(10, 5), at(15, 15)))).isEqualTo(25);
  }

  @Test
  void oneSampleHasNoRate() {
    assertThat(Increase.ratePerSecond(List.of(at(0, 10)))).isZero();
    assertThat(Increase.ratePerSecond(List.of())).isZero();
  }

  @Test
  void apiQueryParameters() {
    var r = MetricsApi.parse("deployment=shop&range=5m");
    assertThat(r.getDeployment()).isEqualTo("shop");
    assertThat(r.getRange().getSeconds()).isEqualTo(300);
  }
}
