package dev.banyan.vpc.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class SubnetAllocatorPropertiesTest {

  /** One step of cluster life: a node registers (claim) or is removed (release). */
  record Step(boolean claim, String node) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<String> nodes = Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    Arbitrary<Step> step =
        Combinators.combine(Arbitraries.integers().between(0, 3), nodes)
            .as((kind, node) -> new Step(kind != 0, node));
    return step.list().ofMaxSize(60);
  }

  @Property
  void nodesNeverShareOrOverlapAndKeepTheirSubnet(
      @ForAll("histories") List<Step> history, @ForAll @IntRange(min = 26, max = 28) int prefix) {
    // A /24 split into /26../28: 4 to 16 subnets for up to 10 nodes, so exhaustion happens too.
    SubnetAllocator allocator = new SubnetAllocator(Cidr.parse("10.210.5.0/24"), prefix);
    Map<String, Cidr> leases = new HashMap<>();
    for (Step step : history) {
      if (!step.claim()) {
        leases.remove(step.node());
        continue;
      }
      Cidr before = leases.get(step.node());
      Cidr got;
      try {
        got = allocator.allocate(step.node(), leases);
      } catch (SubnetExhaustedException e) {
        assertThat(before).isNull();
        assertThat(leases).hasSize((int) allocator.clusterCidr().subnetCount(prefix));
        continue;
      }
      if (before != null) {
        assertThat(got).isEqualTo(before);
      }
      assertThat(allocator.clusterCidr().contains(got)).isTrue();
      assertThat(got.prefixLength()).isEqualTo(prefix);
      leases.put(step.node(), got);
      for (var e : leases.entrySet()) {
        for (var f : leases.entrySet()) {
          if (!e.getKey().equals(f.getKey())) {
            assertThat(e.getValue().overlaps(f.getValue())).as("%s and %s", e, f).isFalse();
          }
        }
      }
    }
  }

  @Property
  void releasedSubnetIsReusedFirst(
      @ForAll @IntRange(min = 1, max = 30) int nodes, @ForAll int pick) {
    SubnetAllocator allocator = SubnetAllocator.defaults();
    Map<String, Cidr> leases = new HashMap<>();
    for (int i = 0; i < nodes; i++) {
      leases.put("n" + i, allocator.allocate("n" + i, leases));
    }
    String leaving = "n" + Math.floorMod(pick, nodes);
    Cidr freed = leases.remove(leaving);
    assertThat(allocator.allocate("newcomer", leases)).isEqualTo(freed);
  }

  @Property
  void exhaustionIsAClearError(@ForAll @IntRange(min = 20, max = 24) int subnetPrefix) {
    SubnetAllocator allocator = new SubnetAllocator(Cidr.parse("10.210.0.0/20"), subnetPrefix);
    Map<String, Cidr> leases = new HashMap<>();
    long capacity = allocator.clusterCidr().subnetCount(subnetPrefix);
    for (int i = 0; i < capacity; i++) {
      leases.put("n" + i, allocator.allocate("n" + i, leases));
    }
    assertThatThrownBy(() -> allocator.allocate("x", leases))
        .isInstanceOf(SubnetExhaustedException.class)
        .hasMessage(
            "the cluster CIDR 10.210.0.0/20 has no free /"
                + subnetPrefix
                + " left for node 'x' ("
                + capacity
                + " in use); remove nodes with 'banyan-cli nodes rm' or create the cluster with"
                + " a larger CIDR");
    // Existing nodes still get their subnet when the cluster is full.
    assertThat(allocator.allocate("n0", leases)).isEqualTo(leases.get("n0"));
  }
}
