package dev.banyan.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.agent.runtime.ContainerConfig.Ulimit;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlimitPolicyTest {
  static final String LIMITS =
      """
      Limit                     Soft Limit           Hard Limit           Units
      Max cpu time              unlimited            unlimited            seconds
      Max file size             unlimited            unlimited            bytes
      Max core file size        0                    unlimited            bytes
      Max processes             96369                96369                processes
      Max open files            1024                 20000                files
      Max locked memory         8388608              8388608              bytes
      Max pending signals       96369                96369                signals
      """;

  @Test
  void parsesHardLimitsByUlimitName() {
    HostLimits h = HostLimits.parse(LIMITS, "32768\n");
    assertThat(h.hardLimit("nofile")).contains(20000L);
    assertThat(h.hardLimit("nproc")).contains(96369L);
    assertThat(h.hardLimit("core")).contains(Long.MAX_VALUE);
    assertThat(h.hardLimit("memlock")).contains(8388608L);
    assertThat(h.pidMax()).isEqualTo(32768);
  }

  @Test
  void defaultsStayWithinTheHostsHardLimitsAndPidMax() {
    UlimitPolicy p = new UlimitPolicy(HostLimits.parse(LIMITS, "32768"));
    assertThat(p.apply(List.of()).ulimits())
        .containsExactly(new Ulimit("nofile", 20000, 20000), new Ulimit("nproc", 32767, 32767));
    assertThat(p.apply(List.of()).warnings()).isEmpty();
  }

  @Test
  void generousHostsAreCappedAtSaneDefaults() {
    String big =
        "Max processes             unlimited            unlimited            processes\n"
            + "Max open files            1048576              1048576              files\n";
    UlimitPolicy p = new UlimitPolicy(HostLimits.parse(big, "4194304"));
    assertThat(p.defaultNofile()).isEqualTo(65536);
    assertThat(p.defaultNproc()).isEqualTo(65536);
  }

  @Test
  void manifestUlimitsAreHonouredWhenTheHostAllowsThem() {
    UlimitPolicy p = new UlimitPolicy(HostLimits.parse(LIMITS, "32768"));
    UlimitPolicy.Result r = p.apply(List.of(new Ulimit("nofile", 4096, 8192)));
    assertThat(r.ulimits()).contains(new Ulimit("nofile", 4096, 8192));
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void manifestUlimitsAboveTheHostAreClampedWithAWarning() {
    UlimitPolicy p = new UlimitPolicy(HostLimits.parse(LIMITS, "32768"));
    UlimitPolicy.Result r =
        p.apply(List.of(new Ulimit("nofile", 100000, 100000), new Ulimit("nproc", 0, 50000)));
    assertThat(r.ulimits())
        .containsExactly(new Ulimit("nofile", 20000, 20000), new Ulimit("nproc", 32767, 32767));
    assertThat(r.warnings())
        .containsExactly(
            "ulimit nofile 100000:100000 clamped to 20000:20000 (host limit)",
            "ulimit nproc 50000:50000 clamped to 32767:32767 (host limit)");
  }

  @Test
  void unreadableProcGivesConservativeDefaults() {
    UlimitPolicy p = new UlimitPolicy(HostLimits.parse("", ""));
    assertThat(p.defaultNofile()).isEqualTo(1024);
    assertThat(p.defaultNproc()).isEqualTo(4096);
  }

  @Test
  void readsThisHostsRealPidMax() throws java.io.IOException {
    long expected =
        Long.parseLong(
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/kernel/pid_max"))
                .get(0)
                .strip());
    HostLimits host = HostLimits.read();
    org.assertj.core.api.Assertions.assertThat(host.pidMax()).isEqualTo(expected);
    org.assertj.core.api.Assertions.assertThat(new UlimitPolicy(host).defaultNproc())
        .isGreaterThan(1000);
  }
}
