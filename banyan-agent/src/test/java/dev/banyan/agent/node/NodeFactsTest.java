package dev.banyan.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.agent.NodeResourceSettings;
import dev.banyan.proto.v1.NodeResources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeFactsTest {
  @Test
  void detectsThisMachinesCapacity() {
    NodeResources detected = NodeFacts.capacity(Path.of("/var/lib/containers"));
    assertThat(detected.getCpuCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(detected.getMemoryBytes()).isPositive();
    assertThat(detected.getDiskBytes()).isPositive();
  }

  @Test
  void overridesReplaceOnlyWhatTheyName() {
    NodeResources detected = NodeFacts.capacity(Path.of("/var/lib/containers"));
    NodeResources cpusOnly = NodeFacts.capacity(Path.of("/var/lib/containers"), 12, 0);
    assertThat(cpusOnly.getCpuCores()).isEqualTo(12);
    assertThat(cpusOnly.getMemoryBytes()).isEqualTo(detected.getMemoryBytes());
    NodeResources both = NodeFacts.capacity(Path.of("/var/lib/containers"), 2, 4L << 30);
    assertThat(both.getCpuCores()).isEqualTo(2);
    assertThat(both.getMemoryBytes()).isEqualTo(4L << 30);
  }

  @Test
  void theDefaultReserveIs256MibOfMemoryAndNoCpu() {
    assertThat(NodeResourceSettings.DEFAULT.reserved())
        .isEqualTo(NodeResources.newBuilder().setMemoryBytes(256L << 20).build());
  }
}
