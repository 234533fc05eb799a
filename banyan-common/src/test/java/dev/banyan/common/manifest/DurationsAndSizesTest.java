package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations (Go syntax) and byte sizes (docker's RAMInBytes) parsed as Compose parses them. */
class DurationsAndSizesTest {
  @ParameterizedTest
  @CsvSource({
    "1m30s, 90000",
    "10s, 10000",
    "1h, 3600000",
    "500ms, 500",
    "1.5s, 1500",
    "0, 0",
    "2h45m, 9900000",
    "1h1m1s, 3661000",
    "1000us, 1",
    "1000µs, 1",
    "0.5m, 30000",
  })
  void parsesGoDurations(String text, long millis) {
    assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "", "s", "1x", "-1s", "1 s", "1s2", "1.5.5s", "m1"})
  void rejectsWhatGoRejects(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"90000, 1m30s", "10000, 10s", "3600000, 1h0m0s", "500, 500ms", "1500, 1.5s", "0, 0s"})
  void formatsLikeGo(long millis, String expected) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "512m, 536870912",
    "4g, 4294967296",
    "1.5GB, 1610612736",
    "1024, 1024",
    "300k, 307200",
    "300KiB, 307200",
    "2 MB, 2097152",
    "1t, 1099511627776",
    "100b, 100",
    "4G, 4294967296",
  })
  void parsesByteSizes(String text, long bytes) {
    assertThat(ByteSizes.parse(text)).hasValue(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "-1m", "12q", "1.5.5g", "4gg", "99999999999999999999g"})
  void rejectsBadSizes(String text) {
    assertThat(ByteSizes.parse(text)).isEmpty();
  }
}
