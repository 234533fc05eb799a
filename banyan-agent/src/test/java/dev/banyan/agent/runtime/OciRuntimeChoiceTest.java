package dev.banyan.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OciRuntimeChoiceTest {
  private static final Optional<Path> RUNC = Optional.of(Path.of("/usr/sbin/runc"));

  @Test
  void hybridCgroupsWithRuncPickRunc() {
    assertThat(OciRuntimeChoice.choose("tmpfs", true, RUNC)).contains("/usr/sbin/runc");
  }

  @Test
  void unifiedCgroupsOrPureV1KeepPodmansDefault() {
    assertThat(OciRuntimeChoice.choose("cgroup2", true, RUNC)).isEmpty();
    assertThat(OciRuntimeChoice.choose("tmpfs", false, RUNC)).isEmpty();
  }

  @Test
  void withoutRuncThereIsNothingBetterToPick() {
    assertThat(OciRuntimeChoice.choose("tmpfs", true, Optional.empty())).isEmpty();
  }
}
