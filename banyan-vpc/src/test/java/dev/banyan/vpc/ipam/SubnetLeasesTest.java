package dev.banyan.vpc.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubnetLeasesTest {

  @Test
  void nodeKeepsItsSubnetAndReleaseFreesIt() {
    InMemorySubnetLeaseStore store = new InMemorySubnetLeaseStore();
    SubnetLeases leases = new SubnetLeases(store, SubnetAllocator.defaults(), 5);
    assertThat(leases.claim("a")).hasToString("10.210.0.0/24");
    assertThat(leases.claim("b")).hasToString("10.210.1.0/24");
    assertThat(leases.claim("a")).hasToString("10.210.0.0/24");
    leases.release("a");
    assertThat(leases.subnetOf("a")).isEmpty();
    assertThat(leases.claim("c")).hasToString("10.210.0.0/24");
  }

  @Test
  void concurrentClaimersThroughCasNeverCollide() throws Exception {
    InMemorySubnetLeaseStore store = new InMemorySubnetLeaseStore();
    // Many retries: 32 claimers race for the lowest subnet at once.
    SubnetLeases leases = new SubnetLeases(store, SubnetAllocator.defaults(), 100);
    int claimers = 32;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    Map<String, Cidr> results = new ConcurrentHashMap<>();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < claimers; i++) {
        String node = "node-" + i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  results.put(node, leases.claim(node));
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Set<Cidr> distinct = new HashSet<>(results.values());
    assertThat(distinct).hasSize(claimers);
    assertThat(store.read().leases()).isEqualTo(results);
    for (Cidr c : distinct) {
      assertThat(c.prefixLength()).isEqualTo(24);
    }
  }

  @Test
  void givesUpWithAClearErrorWhenAlwaysBeaten() {
    SubnetLeaseStore alwaysLoses =
        new SubnetLeaseStore() {
          @Override
          public SubnetLeaseTable read() {
            return new SubnetLeaseTable(Map.of(), 0);
          }

          @Override
          public boolean claim(String node, Cidr subnet) {
            return false;
          }

          @Override
          public void release(String node) {}
        };
    SubnetLeases leases = new SubnetLeases(alwaysLoses, SubnetAllocator.defaults(), 3);
    assertThatThrownBy(() -> leases.claim("a"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("after 3 attempts");
  }
}
