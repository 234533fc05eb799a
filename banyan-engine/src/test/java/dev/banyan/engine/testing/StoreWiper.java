package dev.banyan.engine.testing;

import dev.banyan.engine.store.ClusterStore;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Deletes every Banyan key so each test starts from an empty cluster. */
public final class StoreWiper {
  private StoreWiper() {}

  public static void wipe(EtcdExtension etcd, ClusterStore store) {
    store.snapshot().sessions().values().forEach(s -> store.revokeLease(s.value().getLeaseId()));
    try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
      ByteSequence root = ByteSequence.from("/banyan/v1/", StandardCharsets.UTF_8);
      client
          .getKVClient()
          .delete(root, DeleteOption.builder().isPrefix(true).build())
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not wipe etcd", e);
    }
  }
}
