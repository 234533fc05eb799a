package dev.banyan.engine.controlapi;

import static dev.banyan.engine.testing.Specs.deployment;
import static dev.banyan.engine.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.banyan.common.manifest.ManifestException;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.ControlGrpc;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.ServiceChange;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Deploy endpoint over gRPC: compile, map manifest errors, store revisions, dry runs. */
class DeployEndpointTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private final Map<String, Map<String, byte[]>> calls = new ConcurrentHashMap<>();
  private ClusterStore store;
  private Server server;
  private ManagedChannel channel;
  private ControlGrpc.ControlBlockingStub control;

  @BeforeEach
  void setUp() throws Exception {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    // Stands in for the manifest compiler: "bad" manifests fail, others name an image.
    ManifestCompiler compiler =
        (text, source, name, files) -> {
          calls.put("files", files);
          if (text.startsWith("bad")) {
            throw new ManifestException(
                List.of(
                    source + ":3:5 services.web.image: required",
                    source + ":7:9 services.db.ports: not a port"));
          }
          return deployment(name, service("web", 2, text.strip()));
        };
    ControlService control =
        new ControlService(
            new DeploymentService(store, Clock.systemUTC()),
            new NodeService(store),
            new StatusQueries(store),
            new LogsProxy(store, Executors.newCachedThreadPool()),
            compiler);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(control)
            .build()
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    this.control = ControlGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void tearDown() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void anInvalidManifestIsInvalidArgumentWithEveryErrorLine() {
    assertThatThrownBy(() -> control.deploy(request("bad", false)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "banyan.yaml:3:5 services.web.image: required\n"
                          + "banyan.yaml:7:9 services.db.ports: not a port");
            });
    assertThat(store.deployment("shop")).isEmpty();
  }

  @Test
  void deployStoresRevisionsAndDryRunWritesNothing() {
    DeployResponse first = control.deploy(request("nginx:1", false));
    assertThat(first.getRevision()).isEqualTo(1);
    assertThat(first.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_CREATED);
    assertThat(calls.get("files")).containsOnlyKeys("secret.txt");
    assertThat(
            new String(
                calls.get("files").get("secret.txt"), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("s3cret");

    DeployResponse plan = control.deploy(request("nginx:2", true));
    assertThat(plan.getRevision()).isEqualTo(2);
    assertThat(plan.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_UPDATED);
    assertThat(store.deployment("shop").orElseThrow().value().getRevision()).isEqualTo(1);

    DeployResponse same = control.deploy(request("nginx:1", false));
    assertThat(same.getRevision()).isEqualTo(1);
    assertThat(same.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_UNCHANGED);
  }

  @Test
  void aDeploymentNameIsRequired() {
    assertThatThrownBy(
            () -> control.deploy(DeployRequest.newBuilder().setManifestYaml("x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  private static DeployRequest request(String manifest, boolean dryRun) {
    return DeployRequest.newBuilder()
        .setName("shop")
        .setManifestYaml(manifest)
        .setSourceName("banyan.yaml")
        .setDryRun(dryRun)
        .putFiles("secret.txt", ByteString.copyFromUtf8("s3cret"))
        .build();
  }
}
