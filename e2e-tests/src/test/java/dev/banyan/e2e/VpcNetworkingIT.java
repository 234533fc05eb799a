package dev.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.banyan.e2e.support.Binaries;
import dev.banyan.e2e.support.ManagedProcess;
import dev.banyan.e2e.support.NamespaceLab;
import dev.banyan.e2e.support.NodesReady;
import dev.banyan.e2e.support.Podman;
import dev.banyan.e2e.support.ProcessResult;
import dev.banyan.e2e.support.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VPC end to end: two agents in two network namespaces (each its own node address, bridge,
 * subnet and DNS server), the engine and etcd in a third; a client on node A reaches a web replica
 * on node B by service name, DNS follows the replica when it moves, a node keeps its subnet across
 * an agent restart, and nothing is left behind.
 */
class VpcNetworkingIT {
  private static final String CLUSTER_CIDR = "10.231.0.0/16";
  private static final String ENGINE = NamespaceLab.CORE_ADDRESS + ":7070";
  private static final String IMAGE = "localhost/banyan-busybox:latest";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NamespaceLab lab = new NamespaceLab();
  private final List<ManagedProcess> processes = new ArrayList<>();
  private final String deployment = "vpc";
  private Path dir;
  private Path logs;
  private String nsA;
  private String nsB;
  private String nodeA;
  private String nodeB;
  private ManagedProcess agentB;

  @BeforeEach
  void startCluster() throws IOException {
    Podman.buildTestImage();
    dir = Files.createTempDirectory("banyan-vpc-it");
    logs = Binaries.home().resolve("e2e-tests/target/e2e-logs/vpc-" + lab.prefix());
    Files.createDirectories(logs);
    lab.createCore();
    nsA = lab.addNode("a", "198.51.100.1");
    nsB = lab.addNode("b", "198.51.100.2");
    config = dir.resolve("banyan.yaml");
    java.nio.file.Files.writeString(
        config, "security:\n  password: vpc-" + java.util.UUID.randomUUID() + "\n");
    java.nio.file.Files.setPosixFilePermissions(
        config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    nodeA = lab.prefix() + "-a";
    nodeB = lab.prefix() + "-b";
    start(
        "etcd",
        lab.core(),
        List.of(
            "etcd",
            "--name",
            lab.prefix(),
            "--data-dir",
            dir.resolve("etcd").toString(),
            "--listen-client-urls",
            "http://127.0.0.1:2379",
            "--advertise-client-urls",
            "http://127.0.0.1:2379",
            "--listen-peer-urls",
            "http://127.0.0.1:2380",
            "--initial-advertise-peer-urls",
            "http://127.0.0.1:2380",
            "--initial-cluster",
            lab.prefix() + "=http://127.0.0.1:2380"));
    start(
        "engine",
        lab.core(),
        List.of(
            Binaries.wrapper("banyan-engine").toString(),
            "--listen",
            ENGINE,
            "--etcd-endpoints",
            "http://127.0.0.1:2379",
            "--data-dir",
            dir.resolve("engine").toString(),
            "--cluster-cidr",
            CLUSTER_CIDR));
    start("agent-a", nsA, agent(nodeA, "198.51.100.1"));
    agentB = start("agent-b", nsB, agent(nodeB, "198.51.100.2"));
    awaitReady(2);
  }

  private List<String> agent(String node, String address) {
    return List.of(
        Binaries.wrapper("banyan-agent").toString(),
        "--engine",
        ENGINE,
        "--node-name",
        node,
        "--runtime",
        "podman",
        "--listen",
        address + ":7071",
        "--advertise-address",
        address,
        "--data-dir",
        dir.resolve(node).toString());
  }

  /** The cluster's config file: every process and CLI call uses its password. */
  private Path config;

  private ManagedProcess start(String name, String ns, List<String> command) {
    ManagedProcess p =
        new ManagedProcess(
            name,
            NamespaceLab.in(ns, command),
            Map.of("BANYAN_LOG_LEVEL", "debug", "BANYAN_CONFIG", config.toString()),
            logs);
    processes.add(p);
    return p.start();
  }

  @AfterEach
  void tearDown() {
    try {
      cli("down", deployment);
      Awaitility.await("containers removed")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> Podman.containers("banyan.deployment", deployment).isEmpty());
    } catch (RuntimeException e) {
      // Best effort; leftovers are force-removed below.
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop();
    }
    for (String[] node : new String[][] {{nodeA, nsA}, {nodeB, nsB}}) {
      for (Podman.Container c : Podman.containers("banyan.node", node[0])) {
        NamespaceLab.run(node[1], List.of("podman", "rm", "-f", "-t", "0", c.id()), Map.of());
      }
      Binaries.exec(List.of("podman", "network", "rm", "-f", "banyan-" + node[0]), Map.of(), null);
    }
    lab.close();
    TempDirs.delete(dir);

    // Nothing of the test remains: namespaces, interfaces, routes, rules or networks.
    assertThat(exec("ip", "netns", "list").stdout()).doesNotContain(lab.prefix());
    assertThat(exec("ip", "link", "show").stdout()).doesNotContain(lab.prefix());
    assertThat(exec("ip", "route", "show").stdout()).doesNotContain("10.231.");
    assertThat(exec("iptables-save").stdout()).doesNotContain("10.231.");
    assertThat(exec("podman", "network", "ls", "--format", "{{.Name}}").stdout())
        .doesNotContain(lab.prefix());
  }

  @Test
  void containersReachEachOtherAcrossNodesByServiceName() throws IOException {
    deploy(nodeB);
    String subnetA = subnetOf(nodeA);
    String subnetB = subnetOf(nodeB);
    assertThat(subnetA).startsWith("10.231.").isNotEqualTo(subnetB);

    // A client on node A fetches the page from the replica on node B, by name. The test image's
    // static busybox wget crashes in containers (exit 139), so
    // the client resolves "web" with busybox's own resolver (nslookup, through the node's DNS
    // and the search domain) and sends the request to that address with nc.
    String client = awaitContainer("client");
    awaitContainer("web");
    Awaitility.await("client on A fetches http://web:8080/ from B")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String web = resolve(client, "web");
              assertThat(web).as(diagnostics()).startsWith(prefixOf(subnetB));
              ProcessResult r = httpGet(client, web);
              assertThat(r.stdout()).as(r.describe() + diagnostics()).contains("banyan busybox");
            });
    assertThat(resolve(client, "web.vpc.banyan")).startsWith(prefixOf(subnetB));
    assertThat(resolve(client, "web.vpc")).startsWith(prefixOf(subnetB));
    assertThat(resolve(client, "1.web.vpc.banyan")).startsWith(prefixOf(subnetB));

    // The published port answers on the node running the replica.
    ProcessResult published =
        NamespaceLab.run(
            lab.core(),
            List.of(
                "sh", "-c", "printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 3 198.51.100.2 18080"),
            Map.of());
    assertThat(published.stdout()).as(published.describe()).contains("banyan busybox");

    // The replica moves to node A: DNS follows within seconds of it running.
    deploy(nodeA);
    Awaitility.await("DNS answers the moved replica")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(resolve(client, "web.vpc.banyan"))
                    .as(diagnostics())
                    .startsWith(prefixOf(subnetA)));
    assertThat(httpGet(client, resolve(client, "web")).stdout()).contains("banyan busybox");

    // A restarted agent keeps its node's subnet.
    agentB.stop();
    agentB.start();
    awaitReady(2);
    assertThat(subnetOf(nodeB)).isEqualTo(subnetB);
    ProcessResult network =
        exec(
            "podman",
            "network",
            "inspect",
            "--format",
            "{{range .Subnets}}{{.Subnet}}{{end}}",
            "banyan-" + nodeB);
    assertThat(network.stdout().strip()).isEqualTo(subnetB);
  }

  private void deploy(String webNode) throws IOException {
    String yaml =
        "name: "
            + deployment
            + "\nservices:\n"
            + "  web:\n"
            + "    image: "
            + IMAGE
            + "\n    command: [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/var/www\"]\n"
            + "    init: true\n"
            + "    stop_grace_period: 1s\n"
            + "    ports: [\"18080:8080\"]\n"
            + "    deploy:\n"
            + "      placement:\n"
            + "        constraints: [\"node.hostname == "
            + webNode
            + "\"]\n"
            + "  client:\n"
            + "    image: "
            + IMAGE
            + "\n    command: [\"sleep\", \"3600\"]\n"
            + "    init: true\n"
            + "    stop_grace_period: 1s\n"
            + "    deploy:\n"
            + "      placement:\n"
            + "        constraints: [\"node.hostname == "
            + nodeA
            + "\"]\n";
    Path app = dir.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("banyan.yaml"), yaml);
    List<String> command =
        NamespaceLab.in(lab.core(), List.of(Binaries.wrapper("banyan-cli").toString(), "deploy"));
    ProcessResult r =
        Binaries.execIn(
            app, command, Map.of("BANYAN_ENGINE", ENGINE, "BANYAN_CONFIG", config.toString()));
    assertThat(r.exitCode()).as(r.describe() + diagnostics()).isZero();
  }

  private ProcessResult cli(String... args) {
    List<String> command = new ArrayList<>(List.of(Binaries.wrapper("banyan-cli").toString()));
    command.addAll(List.of(args));
    return NamespaceLab.run(
        lab.core(), command, Map.of("BANYAN_ENGINE", ENGINE, "BANYAN_CONFIG", config.toString()));
  }

  private void awaitReady(int count) {
    NodesReady.await(count, () -> cli("nodes"), this::diagnostics);
  }

  private String subnetOf(String node) throws IOException {
    ProcessResult r = cli("nodes", "-o", "json");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    for (JsonNode summary : JSON.readTree(r.stdout())) {
      JsonNode n = summary.path("node");
      if (n.path("name").asText().equals(node)) {
        return n.path("subnet").asText();
      }
    }
    throw new AssertionError("node " + node + " not listed: " + r.stdout());
  }

  /** The id of the running container of {@code service}, once there is exactly one. */
  private String awaitContainer(String service) {
    return Awaitility.await(service + " running")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                Podman.containers("banyan.deployment", deployment).stream()
                    .filter(c -> c.label("banyan.service").equals(service))
                    .filter(c -> c.state().equals("running"))
                    .map(Podman.Container::id)
                    .toList(),
            ids -> ids.size() == 1)
        .get(0);
  }

  /**
   * GET / from {@code address}:8080 inside the container. With nc, because the test image's static
   * busybox wget crashes (exit 139) in any container, even for 127.0.0.1.
   */
  private static ProcessResult httpGet(String container, String address) {
    return exec(
        "podman",
        "exec",
        container,
        "sh",
        "-c",
        "printf 'GET / HTTP/1.0\r\nHost: web\r\n\r\n' | nc -w 3 " + address + " 8080");
  }

  /** The first address {@code name} resolves to inside the container, or "" if none. */
  private static String resolve(String container, String name) {
    ProcessResult r = exec("podman", "exec", container, "nslookup", name);
    return r.stdout()
        .lines()
        .dropWhile(l -> !l.startsWith("Name:"))
        .filter(l -> l.startsWith("Address"))
        .map(l -> l.replaceFirst("^Address( 1)?:\\s*", "").strip())
        .findFirst()
        .orElse("");
  }

  /** "10.231.3.0/24" → "10.231.3." (the subnets are /24s). */
  private static String prefixOf(String subnet) {
    return subnet.substring(0, subnet.lastIndexOf('.') + 1);
  }

  private String diagnostics() {
    StringBuilder text = new StringBuilder();
    for (ManagedProcess p : processes) {
      text.append("\n===== ").append(p.name()).append('\n').append(p.tail(30));
    }
    return text.toString();
  }

  private static ProcessResult exec(String... command) {
    return Binaries.exec(List.of(command), Map.of(), null);
  }
}
