package dev.banyan.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CgroupReaderTest {
  private static Path sample(String name) throws URISyntaxException {
    return Path.of(CgroupReaderTest.class.getResource("/cgroup/" + name).toURI());
  }

  @Test
  void readsV1ControllersFromTheProcessCgroupFile() throws Exception {
    Path root = sample("v1");
    CgroupReader reader = new CgroupReader(root.resolve("sys"), root.resolve("proc"));

    CgroupStats s = reader.read(42).orElseThrow();

    assertThat(reader.unified()).isFalse();
    assertThat(s.cpuSeconds()).isCloseTo(2.5, within(1e-9));
    // usage minus total_inactive_file: the working set, as docker and kubelet report it
    assertThat(s.memoryUsageBytes()).isEqualTo(10485760 - 2097152);
    assertThat(s.memoryLimitBytes()).as("page-rounded LONG_MAX means unlimited").isZero();
    assertThat(s.blockReadBytes()).isEqualTo(4096 + 1000);
    assertThat(s.blockWriteBytes()).isEqualTo(8192);
  }

  @Test
  void readsTheUnifiedV2Hierarchy() throws Exception {
    Path root = sample("v2");
    CgroupReader reader = new CgroupReader(root.resolve("sys"), root.resolve("proc"));

    CgroupStats s = reader.read(42).orElseThrow();

    assertThat(reader.unified()).isTrue();
    assertThat(s.cpuSeconds()).isCloseTo(1.5, within(1e-9));
    assertThat(s.memoryUsageBytes()).isEqualTo(20971520 - 3145728);
    assertThat(s.memoryLimitBytes()).isEqualTo(268435456);
    assertThat(s.blockReadBytes()).isEqualTo(4196);
    assertThat(s.blockWriteBytes()).isEqualTo(8392);
  }

  @Test
  void aProcessThatIsGoneGivesNothing() throws Exception {
    Path root = sample("v1");
    assertThat(new CgroupReader(root.resolve("sys"), root.resolve("proc")).read(7))
        .isEqualTo(Optional.empty());
  }

  @Test
  void joinedControllersMapToTheSamePath() {
    assertThat(CgroupReader.parseProcCgroup(List.of("3:cpu,cpuacct:/docker/x", "0::/y")))
        .containsEntry("cpu", "/docker/x")
        .containsEntry("cpuacct", "/docker/x")
        .containsEntry("", "/y");
  }

  @Test
  void networkCountersSkipLoopback() throws Exception {
    Path proc = sample("v1").resolve("proc");
    assertThat(ProcFiles.netDev(proc, 42).orElseThrow()).containsExactly(7810L, 726L);
  }

  @Test
  void nodeCpuBusyExcludesIdleAndIowait() {
    long[] busyTotal = ProcFiles.parseCpuStat("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n");
    assertThat(busyTotal).containsExactly(150L, 1000L);
  }
}
