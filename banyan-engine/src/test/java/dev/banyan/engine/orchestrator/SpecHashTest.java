package dev.banyan.engine.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.PlacementSpec;
import org.junit.jupiter.api.Test;

class SpecHashTest {
  @Test
  void mapOrderDoesNotChangeTheHash() {
    ContainerSpec ab =
        ContainerSpec.newBuilder().setImage("x").putEnv("A", "1").putEnv("B", "2").build();
    ContainerSpec ba =
        ContainerSpec.newBuilder().setImage("x").putEnv("B", "2").putEnv("A", "1").build();
    assertThat(SpecHash.of(ab, PlacementSpec.getDefaultInstance()))
        .isEqualTo(SpecHash.of(ba, PlacementSpec.getDefaultInstance()))
        .hasSize(64)
        .matches("[0-9a-f]+");
  }

  @Test
  void imageAndPlacementChangeTheHash() {
    ContainerSpec one = ContainerSpec.newBuilder().setImage("x:1").build();
    ContainerSpec two = ContainerSpec.newBuilder().setImage("x:2").build();
    PlacementSpec eu = PlacementSpec.newBuilder().addConstraints("node.labels.zone == eu").build();
    String base = SpecHash.of(one, PlacementSpec.getDefaultInstance());
    assertThat(SpecHash.of(two, PlacementSpec.getDefaultInstance())).isNotEqualTo(base);
    assertThat(SpecHash.of(one, eu)).isNotEqualTo(base);
  }
}
