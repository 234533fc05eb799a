package dev.banyan.agent.vpc;

import dev.banyan.agent.engine.NetworkListener;
import dev.banyan.agent.reconcile.NetworkAttachment;
import dev.banyan.proto.v1.NetworkSnapshot;
import dev.banyan.proto.v1.RegisterResponse;
import dev.banyan.vpc.dns.AtomicServiceDirectory;
import dev.banyan.vpc.dns.ServiceCatalog;
import dev.banyan.vpc.dns.ServiceDnsServer;
import dev.banyan.vpc.dns.UpstreamForwarder;
import dev.banyan.vpc.exec.CommandExecutor;
import dev.banyan.vpc.ipam.Cidr;
import dev.banyan.vpc.network.BridgeInterface;
import dev.banyan.vpc.network.BridgeNetwork;
import dev.banyan.vpc.network.BridgeNetworkCommands;
import dev.banyan.vpc.network.BridgeNetworkManager;
import dev.banyan.vpc.network.BridgeNetworkSpec;
import dev.banyan.vpc.network.RuntimeDialect;
import dev.banyan.vpc.routes.NodePeer;
import dev.banyan.vpc.routes.NodeRoutes;
import dev.banyan.vpc.routes.NodeRoutesReconciler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's part of the VPC: after registration it makes sure the runtime's bridge network with
 * the node's subnet and the bridge interface exist, serves DNS on the gateway, and then keeps
 * routes, firewall rules and the DNS directory in line with every network snapshot (and re-applies
 * routes on a timer, in case something else removed them).
 */
public final class NodeVpc implements NetworkListener, NetworkAttachment, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeVpc.class);
  private static final Duration DNS_TTL = Duration.ofSeconds(2);
  private static final Duration ROUTE_RESYNC = Duration.ofSeconds(10);

  private final String node;
  private final CommandExecutor executor;
  private final BridgeNetworkCommands commands;
  private final Path resolvConf;
  private final AtomicServiceDirectory directory =
      new AtomicServiceDirectory(ServiceCatalog.empty());
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vpc-routes");
            t.setDaemon(true);
            return t;
          });
  private volatile Optional<Ready> ready = Optional.empty();
  private volatile List<NodePeer> peers = List.of();

  /** What exists once the node's network is set up. */
  private record Ready(
      BridgeNetworkSpec spec,
      BridgeNetwork network,
      Cidr clusterCidr,
      NodeRoutesReconciler routes,
      ServiceDnsServer dns) {}

  /**
   * @param runtimeName the container CLI's name ({@code podman}, {@code docker}, {@code nerdctl})
   * @param resolvConf where the host's resolvers are listed, for names outside {@code banyan.}
   */
  public NodeVpc(String node, String runtimeName, CommandExecutor executor, Path resolvConf) {
    this.node = node;
    this.executor = executor;
    this.commands =
        new BridgeNetworkCommands(RuntimeDialect.valueOf(runtimeName.toUpperCase(Locale.ROOT)));
    this.resolvConf = resolvConf;
  }

  /**
   * The runtime network's name: per node, because several agents may share one runtime on a test
   * machine, e.g. {@code banyan-node-1}.
   */
  public static String networkName(String node) {
    String safe = node.replaceAll("[^a-zA-Z0-9_.-]", "-");
    return "banyan-" + safe;
  }

  /** Starts the periodic route resync. */
  public NodeVpc start() {
    timer.scheduleWithFixedDelay(
        this::reconcileRoutes,
        ROUTE_RESYNC.toMillis(),
        ROUTE_RESYNC.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public synchronized void registered(RegisterResponse response) {
    if (response.getSubnet().isEmpty() || response.getClusterCidr().isEmpty()) {
      throw new IllegalStateException(
          "the engine gave this node no subnet; upgrade the engine or start the agent with"
              + " --no-vpc");
    }
    Cidr subnet = Cidr.parse(response.getSubnet());
    Cidr clusterCidr = Cidr.parse(response.getClusterCidr());
    Optional<Ready> current = ready;
    if (current.isPresent()
        && current.get().spec().subnet().equals(subnet)
        && current.get().clusterCidr().equals(clusterCidr)) {
      return; // re-registration: everything is in place already
    }
    current.ifPresent(r -> r.dns().close());
    BridgeNetworkSpec spec =
        new BridgeNetworkSpec(
            networkName(node), "banyan0", subnet, subnet.gateway(), subnet.gateway());
    BridgeNetwork network = new BridgeNetworkManager(executor, commands).ensure(spec);
    new BridgeInterface(executor).ensure(network);
    InetSocketAddress listen = new InetSocketAddress(spec.dnsServer(), 53);
    ServiceDnsServer dns =
        new ServiceDnsServer(
            listen,
            directory,
            new UpstreamForwarder(
                UpstreamForwarder.readResolvConf(resolvConf, listen), Duration.ofSeconds(3)),
            DNS_TTL);
    try {
      dns.start();
    } catch (IOException e) {
      dns.close();
      throw new UncheckedIOException(
          "cannot serve DNS on "
              + listen
              + " ("
              + e.getMessage()
              + "); stop whatever uses port 53 on that address",
          e);
    }
    NodeRoutesReconciler routes =
        new NodeRoutesReconciler(executor, new NodeRoutes(clusterCidr, subnet));
    ready = Optional.of(new Ready(spec, network, clusterCidr, routes, dns));
    log.info(
        "VPC ready: network {} on bridge {} with subnet {}, DNS on {}",
        network.name(),
        network.bridgeInterface(),
        subnet,
        listen);
    reconcileRoutes();
  }

  @Override
  public boolean followsNetwork() {
    return true;
  }

  @Override
  public void snapshot(NetworkSnapshot snapshot) {
    Optional<Ready> r = ready;
    if (r.isEmpty()) {
      return;
    }
    directory.replace(NetworkPicture.catalog(snapshot, r.get().clusterCidr()));
    List<NodePeer> next = NetworkPicture.peers(snapshot, node);
    if (!next.equals(peers)) {
      peers = next;
      reconcileRoutes();
    }
  }

  @Override
  public List<String> options(String deployment) {
    BridgeNetworkSpec spec =
        ready
            .orElseThrow(
                () -> new IllegalStateException("the node's VPC network is not set up yet"))
            .spec();
    return commands.containerOptions(spec, deployment);
  }

  private synchronized void reconcileRoutes() {
    try {
      ready.ifPresent(
          r ->
              r.routes()
                  .reconcile(peers)
                  .forEach(
                      failed ->
                          log.warn(
                              "VPC command failed: {}: {}",
                              String.join(" ", failed.argv()),
                              failed.stderr().strip())));
    } catch (RuntimeException e) {
      log.warn("reconciling VPC routes failed: {}", e.toString());
    }
  }

  /** Stops DNS and the route timer; routes, rules and the network stay for the next agent run. */
  @Override
  public void close() {
    timer.shutdownNow();
    ready.ifPresent(r -> r.dns().close());
  }
}
