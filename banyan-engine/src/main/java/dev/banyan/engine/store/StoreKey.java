package dev.banyan.engine.store;

/** One record's key: its kind and its name within the kind (history names are "dep/revision"). */
public record StoreKey(Kind kind, String name) {
  public StoreKey {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a store key needs a name");
    }
  }

  public static StoreKey deployment(String name) {
    return new StoreKey(Kind.DEPLOYMENT, name);
  }

  /** A deployment revision's history key; zero-padded so keys sort by revision. */
  public static StoreKey history(String deployment, long revision) {
    return new StoreKey(Kind.HISTORY, deployment + "/" + String.format("%020d", revision));
  }

  public static StoreKey task(String id) {
    return new StoreKey(Kind.TASK, id);
  }

  public static StoreKey node(String name) {
    return new StoreKey(Kind.NODE, name);
  }

  public static StoreKey session(String node) {
    return new StoreKey(Kind.SESSION, node);
  }

  public static StoreKey sessionId(String id) {
    return new StoreKey(Kind.SESSION_ID, id);
  }

  public static StoreKey leader(String name) {
    return new StoreKey(Kind.LEADER, name);
  }

  /** A leased subnet's key, e.g. {@code ipam/subnets/10.210.3.0/24}. */
  public static StoreKey subnet(String cidr) {
    return new StoreKey(Kind.SUBNET, cidr);
  }

  /** The key holding the subnet leased to a node. */
  public static StoreKey subnetOfNode(String node) {
    return new StoreKey(Kind.SUBNET_OF_NODE, node);
  }

  /** The cluster's VPC address plan. */
  public static StoreKey clusterNetwork() {
    return new StoreKey(Kind.CLUSTER_CONFIG, "network");
  }

  /** The absolute etcd key. */
  public String path() {
    return kind.prefix() + name;
  }
}
