package dev.banyan.vpc.network;

import static dev.banyan.vpc.exec.RecordingExecutor.fail;
import static dev.banyan.vpc.exec.RecordingExecutor.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import dev.banyan.vpc.exec.RecordingExecutor;
import dev.banyan.vpc.ipam.Cidr;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BridgeNetworkManagerTest {
  private final BridgeNetworkSpec spec = BridgeNetworkSpec.forNode(Cidr.parse("10.210.3.0/24"));
  private final BridgeNetworkCommands podman = new BridgeNetworkCommands(RuntimeDialect.PODMAN);

  @Test
  void createsWhenMissingThenReadsBack() {
    AtomicBoolean exists = new AtomicBoolean();
    RecordingExecutor exec =
        new RecordingExecutor(
            argv -> {
              if (argv.get(2).equals("create")) {
                exists.set(true);
                return ok(argv, "banyan\n");
              }
              return exists.get()
                  ? ok(argv, "10.210.3.0/24,10.210.3.1 |podman2")
                  : fail(argv, "Error: network banyan: unable to find network: network not found");
            });
    BridgeNetwork net = new BridgeNetworkManager(exec, podman).ensure(spec);
    assertThat(net.bridgeInterface()).isEqualTo("podman2");
    assertThat(exec.commands()).hasSize(3);
  }

  @Test
  void existingNetworkWithTheSameSubnetIsLeftAlone() {
    RecordingExecutor exec =
        new RecordingExecutor(argv -> ok(argv, "10.210.3.0/24,10.210.3.1 |podman2"));
    new BridgeNetworkManager(exec, podman).ensure(spec);
    assertThat(exec.commands()).hasSize(1);
  }

  @Test
  void existingNetworkWithAnotherSubnetIsAClearError() {
    RecordingExecutor exec =
        new RecordingExecutor(argv -> ok(argv, "10.88.0.0/16,10.88.0.1 |podman0"));
    assertThatThrownBy(() -> new BridgeNetworkManager(exec, podman).ensure(spec))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "the runtime network 'banyan' has subnet 10.88.0.0/16 but this node's subnet is"
                + " 10.210.3.0/24; stop its containers, remove it with 'podman network rm banyan'"
                + " and restart the agent");
  }
}
