package dev.banyan.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeStatsFallbackTest {
  @Test
  void parsesPodmanStatsJson() {
    String json =
        """
        [
         {
          "id": "e74865dfb019",
          "name": "probe",
          "cpu_time": "1m2.5s",
          "cpu_percent": "63.43%",
          "mem_usage": "426kB / 25.28GB",
          "net_io": "90B / 1.5MiB",
          "block_io": "0B / 2kB",
          "pids": "1"
         }
        ]
        """;
    Map<String, RuntimeStatsFallback.Stats> stats = RuntimeStatsFallback.parse(json);

    RuntimeStatsFallback.Stats s = stats.get("e74865dfb019");
    assertThat(s.cgroup().cpuSeconds()).isCloseTo(62.5, within(1e-9));
    assertThat(s.cgroup().memoryUsageBytes()).isEqualTo(426_000);
    assertThat(s.cgroup().memoryLimitBytes()).isEqualTo(25_280_000_000L);
    assertThat(s.rxBytes()).isEqualTo(90);
    assertThat(s.txBytes()).isEqualTo(1_572_864);
    assertThat(s.cgroup().blockWriteBytes()).isEqualTo(2000);
  }

  @Test
  void goDurationsOfSmallUnits() {
    assertThat(RuntimeStatsFallback.goDuration("25.5ms")).isCloseTo(0.0255, within(1e-12));
    assertThat(RuntimeStatsFallback.goDuration("1h0m3s")).isCloseTo(3603, within(1e-9));
  }
}
