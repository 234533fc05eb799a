package dev.banyan.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void acceptsTheShortFormsAndIso() {
    assertThat(Durations.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("--x", "6s")).isEqualTo(Duration.ofSeconds(6));
    assertThat(Durations.parse("--x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("--x", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("--x", "PT3S")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aBadValueNamesTheOptionAndTheAcceptedForms() {
    assertThatThrownBy(() -> Durations.parse("--node-timeout", "six"))
        .isInstanceOf(UserError.class)
        .hasMessage("--node-timeout 'six' is not a duration; use e.g. 500ms, 5s, 15m or 2h");
  }
}
