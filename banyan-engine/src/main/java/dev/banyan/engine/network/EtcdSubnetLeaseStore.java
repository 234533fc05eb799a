package dev.banyan.engine.network;

import com.google.protobuf.StringValue;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.Listing;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.ipam.SubnetLeaseStore;
import dev.banyan.vpc.ipam.SubnetLeaseTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SubnetLeaseStore} on the engine's etcd store: {@code ipam/nodes/<node>} holds the node's
 * CIDR and {@code ipam/subnets/<cidr>} the node, both created in one transaction that requires both
 * keys to be absent, so two nodes can never hold the same subnet.
 */
public final class EtcdSubnetLeaseStore implements SubnetLeaseStore {
  private final ClusterStore store;

  public EtcdSubnetLeaseStore(ClusterStore store) {
    this.store = store;
  }

  @Override
  public SubnetLeaseTable read() {
    Listing listing = store.list(Kind.SUBNET_OF_NODE);
    Map<String, Cidr> leases = new HashMap<>();
    listing
        .records()
        .forEach(
            (node, value) ->
                leases.put(node, Cidr.parse(((StringValue) value.value()).getValue())));
    return new SubnetLeaseTable(leases, listing.revision());
  }

  @Override
  public boolean claim(String node, Cidr subnet) {
    try {
      store.commit(
          List.of(
              StoreOp.put(StoreKey.subnet(subnet.toString()), text(node), StoreOp.ABSENT),
              StoreOp.put(StoreKey.subnetOfNode(node), text(subnet.toString()), StoreOp.ABSENT)));
      return true;
    } catch (ConflictException e) {
      return false;
    }
  }

  @Override
  public void release(String node) {
    Optional<Versioned<com.google.protobuf.Message>> lease = store.get(StoreKey.subnetOfNode(node));
    if (lease.isEmpty()) {
      return;
    }
    String cidr = ((StringValue) lease.get().value()).getValue();
    try {
      store.commit(
          List.of(
              StoreOp.delete(StoreKey.subnetOfNode(node), lease.get().modRevision()),
              StoreOp.delete(StoreKey.subnet(cidr), StoreOp.ANY)));
    } catch (ConflictException e) {
      // Released or re-claimed concurrently: either way this node's old lease is gone.
    }
  }

  private static StringValue text(String s) {
    return StringValue.of(s);
  }
}
