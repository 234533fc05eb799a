package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.common.auth.AuthMetadata;
import dev.banyan.common.auth.PasswordHash;
import dev.banyan.common.config.ConfigFile;
import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ManagedProcess;
import dev.banyan.e2e.support.Ports;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TestCluster;
import dev.banyan.proto.v1.AgentGrpc;
import dev.banyan.proto.v1.AgentLogsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Milestone 3 against real servers: every bad credential and config path, and the init commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
  private TestCluster cluster;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    cluster = TestCluster.start("security", 1);
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String oneLine(ProcessResult r) {
    assertThat(r.stderr().strip()).doesNotContain("\n").doesNotContain("\tat ");
    return r.stderr().strip();
  }

  @Test
  void rightPasswordWorks() {
    ProcessResult r = cluster.cli("deployments");
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }

  @Test
  void missingPasswordIsRejectedInOneSentence() {
    ProcessResult r =
        cluster.cliWith(
            Map.of("BANYAN_ENGINE", cluster.engineAddress(), "HOME", tmp.toString()),
            "deployments");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(oneLine(r))
        .startsWith(
            "error: authentication failed (no cluster password was sent): check security.password in")
        .endsWith("or BANYAN_PASSWORD.");
  }

  @Test
  void wrongPasswordIsRejected() {
    ProcessResult r =
        cluster.cliWith(
            Map.of(
                "BANYAN_ENGINE", cluster.engineAddress(),
                "BANYAN_PASSWORD", "not-the-password",
                "HOME", tmp.toString()),
            "deployments");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(oneLine(r)).contains("authentication failed (wrong cluster password)");
  }

  @Test
  void agentWithAWrongPasswordNeverJoins() {
    String node = "e2e-badpw-" + Ports.free();
    try (ManagedProcess agent =
        new ManagedProcess(
            "agent-badpw",
            List.of(
                Binaries.wrapper("banyan-agent").toString(),
                "--engine",
                cluster.engineAddress(),
                "--node-name",
                node,
                "--runtime",
                "podman",
                "--listen",
                "127.0.0.1:" + Ports.free(),
                "--advertise-address",
                "127.0.0.1",
                "--data-dir",
                tmp.resolve("badpw").toString()),
            Map.of(
                "BANYAN_CONFIG",
                cluster.configFile().toString(),
                "BANYAN_PASSWORD",
                "wrong-password"),
            tmp)) {
      agent.start();
      Awaitility.await("agent reports the rejection")
          .atMost(Duration.ofSeconds(60))
          .until(() -> agent.tail(200).contains("UNAUTHENTICATED"));
      assertThat(cluster.cli("nodes").stdout()).doesNotContain(node);
    }
  }

  @Test
  void agentRefusesCallsWithoutItsCurrentSessionToken() {
    ProcessResult nodes = cluster.cli("nodes", "-o", "json");
    String address = nodes.stdout().replaceAll("(?s).*\"agent_address\": \"([^\"]+)\".*", "$1");
    int colon = address.lastIndexOf(':');
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
            .usePlaintext()
            .build();
    try {
      for (String token : new String[] {null, "forged-token"}) {
        Metadata headers = new Metadata();
        if (token != null) {
          headers.put(AuthMetadata.SESSION_TOKEN, token);
        }
        StatusRuntimeException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                StatusRuntimeException.class,
                () ->
                    AgentGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                        .streamLogs(AgentLogsRequest.newBuilder().setTail(1).build())
                        .hasNext());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      }
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void passwordNeverAppearsInProcessArgumentsOrLogs() throws IOException {
    for (long pid : new long[] {cluster.engine().pid(), cluster.agent(0).pid()}) {
      for (ProcessHandle p :
          ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
        Path cmdline = Path.of("/proc/" + p.pid() + "/cmdline");
        if (Files.exists(cmdline)) {
          assertThat(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8))
              .doesNotContain(cluster.password());
        }
      }
    }
    assertThat(cluster.engine().tail(100_000)).doesNotContain(cluster.password());
    assertThat(cluster.agent(0).tail(100_000)).doesNotContain(cluster.password());
  }

  @Test
  void configReadableByOthersIsRefusedByEveryBinary() throws IOException {
    Path config = tmp.resolve("open.yaml");
    Files.writeString(config, "security:\n  password: " + cluster.password() + "\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    String expected =
        "error: "
            + config
            + " holds the cluster password but group or others can read it (mode rw-r--r--); run 'chmod 600 "
            + config
            + "'.";
    ProcessResult cli =
        cluster.cliWith(
            Map.of("BANYAN_ENGINE", cluster.engineAddress(), "BANYAN_CONFIG", config.toString()),
            "deployments");
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(oneLine(cli)).isEqualTo(expected);
    ProcessResult engine =
        Binaries.run(
            "banyan-engine",
            List.of(
                "--listen",
                "127.0.0.1:" + Ports.free(),
                "--etcd-endpoints",
                cluster.etcdEndpoint()),
            Map.of("BANYAN_CONFIG", config.toString()),
            null);
    assertThat(engine.exitCode()).isEqualTo(1);
    assertThat(oneLine(engine)).isEqualTo(expected);
    ProcessResult agent =
        Binaries.run(
            "banyan-agent",
            List.of("--engine", cluster.engineAddress()),
            Map.of("BANYAN_CONFIG", config.toString()),
            null);
    assertThat(agent.exitCode()).isEqualTo(1);
    assertThat(oneLine(agent)).isEqualTo(expected);
  }

  @Test
  void malformedConfigNamesLineAndColumn() throws IOException {
    Path config = tmp.resolve("bad.yaml");
    Files.writeString(config, "cli:\n  engine: 127.0.0.1:7070\n  engnie: x\n");
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    ProcessResult r = cluster.cliWith(Map.of("BANYAN_CONFIG", config.toString()), "deployments");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .startsWith(
            "error: " + config + ":3:11 cli.engnie: unknown setting (did you mean 'engine'?)");
    Files.writeString(config, "engine:\n  listen: [oops\n");
    ProcessResult engine =
        Binaries.run("banyan-engine", List.of(), Map.of("BANYAN_CONFIG", config.toString()), null);
    assertThat(engine.exitCode()).isEqualTo(1);
    assertThat(oneLine(engine)).startsWith("error: " + config + ":3:1: the file is not valid YAML");
  }

  @Test
  void cliInitChecksThePasswordNonInteractively() {
    Path good = tmp.resolve("cli-good.yaml");
    ProcessResult ok =
        Binaries.run(
            "banyan-cli",
            List.of(
                "init",
                "--config",
                good.toString(),
                "--non-interactive",
                "--engine",
                cluster.engineAddress(),
                "--password-stdin"),
            Map.of(),
            cluster.password() + "\n");
    assertThat(ok.exitCode()).as(ok.describe()).isZero();
    assertThat(ok.stdout()).doesNotContain(cluster.password());
    ProcessResult works = cluster.cliWith(Map.of("BANYAN_CONFIG", good.toString()), "deployments");
    assertThat(works.exitCode()).as(works.describe()).isZero();

    Path bad = tmp.resolve("cli-bad.yaml");
    ProcessResult rejected =
        Binaries.run(
            "banyan-cli",
            List.of(
                "init",
                "--config",
                bad.toString(),
                "--non-interactive",
                "--engine",
                cluster.engineAddress(),
                "--password-stdin"),
            Map.of(),
            "wrong-password\n");
    assertThat(rejected.exitCode()).isEqualTo(1);
    assertThat(oneLine(rejected))
        .isEqualTo(
            "error: the engine at "
                + cluster.engineAddress()
                + " rejected the password; nothing was written (use --no-check to write anyway).");
    assertThat(bad).doesNotExist();
  }

  @Test
  void initCommandsAnswerQuestionsOnStandardInput() throws IOException {
    Path cliConfig = tmp.resolve("cli-interactive.yaml");
    ProcessResult cli =
        Binaries.run(
            "banyan-cli",
            List.of("init", "--config", cliConfig.toString()),
            Map.of(),
            cluster.engineAddress() + "\n" + cluster.password() + "\n");
    assertThat(cli.exitCode()).as(cli.describe()).isZero();
    assertThat(cli.stdout())
        .contains("Engine address")
        .contains("Cluster password")
        .doesNotContain(cluster.password());
    assertThat(
            cluster
                .cliWith(Map.of("BANYAN_CONFIG", cliConfig.toString()), "deployments")
                .exitCode())
        .isZero();

    Path agentConfig = tmp.resolve("agent-interactive.yaml");
    ProcessResult agent =
        Binaries.run(
            "banyan-agent",
            List.of("init", "--config", agentConfig.toString()),
            Map.of(),
            cluster.engineAddress() + "\nworker-7\nzone=eu\n" + cluster.password() + "\n");
    assertThat(agent.exitCode()).as(agent.describe()).isZero();
    ConfigFile written = ConfigFile.load(agentConfig);
    assertThat(written.get("agent", "node_name").orElseThrow().text()).isEqualTo("worker-7");
    assertThat(written.get("agent", "labels").orElseThrow().text()).isEqualTo("zone=eu");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agentConfig)))
        .isEqualTo("rw-------");

    Path engineConfig = tmp.resolve("engine-interactive.yaml");
    ProcessResult engine =
        Binaries.run(
            "banyan-engine",
            List.of("init", "--config", engineConfig.toString()),
            Map.of(),
            "a-new-cluster-password\na-new-cluster-password\n127.0.0.1:7070\n\n");
    assertThat(engine.exitCode()).as(engine.describe()).isZero();
    String hash =
        ConfigFile.load(engineConfig).get("security", "password_hash").orElseThrow().text();
    assertThat(PasswordHash.parse(hash).matches("a-new-cluster-password".toCharArray())).isTrue();
    assertThat(Files.readString(engineConfig)).doesNotContain("a-new-cluster-password");

    ProcessResult mismatch =
        Binaries.run(
            "banyan-engine",
            List.of("init", "--config", tmp.resolve("x.yaml").toString()),
            Map.of(),
            "first-password-1\nsecond-password-2\n");
    assertThat(mismatch.exitCode()).isEqualTo(1);
    assertThat(oneLine(mismatch))
        .endsWith("the two passwords differ; run 'banyan-engine init' again.");
  }
}
