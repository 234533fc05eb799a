package dev.banyan.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DialectArgvTest {
  private final PodmanDialect podman = new PodmanDialect(Optional.of("/usr/sbin/runc"));
  private final PodmanDialect plainPodman = new PodmanDialect(Optional.empty());
  private final DockerDialect docker = new DockerDialect();
  private final NerdctlDialect nerdctl = new NerdctlDialect();

  private static ContainerConfig richConfig() {
    return new ContainerConfig(
        "banyan-shop-web-1-abcdef12",
        "nginx:1.27",
        Optional.of(List.of("/docker-entrypoint.sh", "--verbose")),
        Optional.of(List.of("nginx", "-g", "daemon off;")),
        Map.of("B", "2", "A", "1"),
        Map.of("banyan.task", "t1", "banyan.node", "n1"),
        List.of(
            new ContainerConfig.Port("", 8080, 80, "tcp"),
            new ContainerConfig.Port("127.0.0.1", 5353, 53, "udp")),
        List.of(
            new ContainerConfig.Volume("shop_data", "/data", false),
            new ContainerConfig.Volume("/etc/ssl", "/ssl", true)),
        List.of("/run"),
        "1000:1000",
        "/srv",
        "web1",
        List.of(new ContainerConfig.Ulimit("nofile", 1024, 2048)),
        List.of("NET_ADMIN"),
        List.of("MKNOD"),
        true,
        true,
        List.of("db:10.0.0.2"),
        List.of("10.0.0.53"),
        0.5,
        268435456L,
        "SIGQUIT",
        Optional.of(Duration.ofSeconds(20)),
        "json-file",
        Map.of("max-size", "10m"),
        List.of("--network", "banyan-n1", "--dns", "10.210.0.1", "--dns-search", "shop.banyan"));
  }

  private static List<String> expectedCreateTail() {
    return List.of(
        "create",
        "--name",
        "banyan-shop-web-1-abcdef12",
        "--label",
        "banyan.node=n1",
        "--label",
        "banyan.task=t1",
        "--env",
        "A=1",
        "--env",
        "B=2",
        "--entrypoint",
        "/docker-entrypoint.sh",
        "--publish",
        "8080:80/tcp",
        "--publish",
        "127.0.0.1:5353:53/udp",
        "--volume",
        "shop_data:/data",
        "--volume",
        "/etc/ssl:/ssl:ro",
        "--tmpfs",
        "/run",
        "--user",
        "1000:1000",
        "--workdir",
        "/srv",
        "--hostname",
        "web1",
        "--ulimit",
        "nofile=1024:2048",
        "--cap-add",
        "NET_ADMIN",
        "--cap-drop",
        "MKNOD",
        "--privileged",
        "--init",
        "--network",
        "banyan-n1",
        "--dns",
        "10.210.0.1",
        "--dns-search",
        "shop.banyan",
        "--add-host",
        "db:10.0.0.2",
        "--dns",
        "10.0.0.53",
        "--cpus",
        "0.5",
        "--memory",
        "268435456",
        "--stop-signal",
        "SIGQUIT",
        "--stop-timeout",
        "20",
        "--log-driver",
        "json-file",
        "--log-opt",
        "max-size=10m",
        "nginx:1.27",
        "--verbose",
        "nginx",
        "-g",
        "daemon off;");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void createSpellsEveryOptionTheSameWayInAllThreeTools() {
    assertThat(podman.create(richConfig()))
        .isEqualTo(concat(List.of("podman", "--runtime", "/usr/sbin/runc"), expectedCreateTail()));
    assertThat(docker.create(richConfig()))
        .isEqualTo(concat(List.of("docker"), expectedCreateTail()));
    assertThat(nerdctl.create(richConfig()))
        .isEqualTo(concat(List.of("nerdctl"), expectedCreateTail()));
  }

  @Test
  void runIsCreateWithDetachAndTheSameOptions() {
    for (Dialect d : List.<Dialect>of(podman, docker, nerdctl)) {
      List<String> create = d.create(richConfig());
      int verb = create.indexOf("create");
      List<String> expected = new java.util.ArrayList<>(create);
      expected.set(verb, "run");
      expected.add(verb + 1, "--detach");
      assertThat(d.run(richConfig())).isEqualTo(expected);
    }
  }

  @Test
  void createNeverAsksTheRuntimeToRestartContainers() {
    assertThat(docker.create(richConfig())).noneMatch(a -> a.startsWith("--restart"));
  }

  @Test
  void anEmptyEntrypointClearsTheImagesOne() {
    ContainerConfig c =
        new ContainerConfig(
            "n",
            "img",
            Optional.of(List.of()),
            Optional.empty(),
            Map.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            "",
            "",
            "",
            List.of(),
            List.of(),
            List.of(),
            false,
            false,
            List.of(),
            List.of(),
            0,
            0,
            "",
            Optional.empty(),
            "",
            Map.of(),
            List.of());
    assertThat(docker.create(c))
        .containsExactly("docker", "create", "--name", "n", "--entrypoint", "", "img");
  }

  @Test
  void stopPassesTheSignalWhereTheToolSupportsIt() {
    assertThat(docker.stop("c1", Optional.of("SIGINT"), Duration.ofSeconds(7)))
        .containsExactly("docker", "stop", "--signal", "SIGINT", "--time", "7", "c1");
    assertThat(nerdctl.stop("c1", Optional.of("SIGINT"), Duration.ofSeconds(7)))
        .containsExactly("nerdctl", "stop", "--signal", "SIGINT", "--time", "7", "c1");
    // podman 4 has no stop --signal: the signal was fixed at create time with --stop-signal.
    assertThat(podman.stop("c1", Optional.of("SIGINT"), Duration.ofSeconds(7)))
        .containsExactly("podman", "--runtime", "/usr/sbin/runc", "stop", "--time", "7", "c1");
    assertThat(plainPodman.stop("c1", Optional.empty(), Duration.ZERO))
        .containsExactly("podman", "stop", "--time", "0", "c1");
  }

  @Test
  void removeForcesAndStart() {
    assertThat(docker.remove("c1")).containsExactly("docker", "rm", "--force", "c1");
    assertThat(plainPodman.remove("c1")).containsExactly("podman", "rm", "--force", "c1");
    assertThat(nerdctl.start("c1")).containsExactly("nerdctl", "start", "c1");
  }

  @Test
  void logsAlwaysAskForTimestamps() {
    LogQuery q = new LogQuery(20, Optional.of(Instant.parse("2024-05-01T10:00:00Z")), true);
    List<String> tail =
        List.of(
            "logs",
            "--timestamps",
            "--tail",
            "20",
            "--since",
            "2024-05-01T10:00:00Z",
            "--follow",
            "c1");
    assertThat(docker.logs("c1", q)).isEqualTo(concat(List.of("docker"), tail));
    assertThat(nerdctl.logs("c1", q)).isEqualTo(concat(List.of("nerdctl"), tail));
    assertThat(plainPodman.logs("c1", q)).isEqualTo(concat(List.of("podman"), tail));
    assertThat(docker.logs("c1", LogQuery.all()))
        .containsExactly("docker", "logs", "--timestamps", "c1");
  }

  @Test
  void listAndEventsFilterByLabelAndPrintJson() {
    Map<String, String> labels = Map.of("banyan.node", "n1");
    assertThat(plainPodman.listIds(labels))
        .containsExactly(
            "podman",
            "ps",
            "-a",
            "--no-trunc",
            "--filter",
            "label=banyan.node=n1",
            "--format",
            "json");
    assertThat(docker.listIds(labels))
        .containsExactly(
            "docker",
            "ps",
            "-a",
            "--no-trunc",
            "--filter",
            "label=banyan.node=n1",
            "--format",
            "{{json .}}");
    assertThat(nerdctl.listIds(labels))
        .containsExactly(
            "nerdctl",
            "ps",
            "-a",
            "--no-trunc",
            "--filter",
            "label=banyan.node=n1",
            "--format",
            "{{json .}}");
    assertThat(plainPodman.events(labels))
        .containsExactly(
            "podman",
            "events",
            "--filter",
            "type=container",
            "--filter",
            "label=banyan.node=n1",
            "--format",
            "json");
    assertThat(docker.events(labels))
        .containsExactly(
            "docker",
            "events",
            "--filter",
            "type=container",
            "--filter",
            "label=banyan.node=n1",
            "--format",
            "{{json .}}");
    assertThat(nerdctl.events(labels))
        .containsExactly("nerdctl", "events", "--format", "{{json .}}");
    assertThat(docker.inspect(List.of("a", "b")))
        .containsExactly("docker", "container", "inspect", "a", "b");
  }

  @Test
  void execVolumesImagesAndInfo() {
    assertThat(docker.exec("c1", List.of("sh", "-c", "true")))
        .containsExactly("docker", "exec", "c1", "sh", "-c", "true");
    assertThat(podman.exec("c1", List.of("true")))
        .containsExactly("podman", "--runtime", "/usr/sbin/runc", "exec", "c1", "true");
    assertThat(nerdctl.volumeCreate("v")).containsExactly("nerdctl", "volume", "create", "v");
    assertThat(nerdctl.volumeRemove("v")).containsExactly("nerdctl", "volume", "rm", "v");
    assertThat(docker.imageInspect("img")).containsExactly("docker", "image", "inspect", "img");
    assertThat(plainPodman.info()).containsExactly("podman", "info", "--format", "json");
    assertThat(docker.info()).containsExactly("docker", "info", "--format", "{{json .}}");
  }

  @Test
  void parsesIdsAndEventsOfEachTool() throws Exception {
    ObjectMapper m = new ObjectMapper();
    assertThat(plainPodman.parseIds(Json.parseArrayOrLines("[{\"Id\":\"p1\"},{\"Id\":\"p2\"}]")))
        .containsExactly("p1", "p2");
    assertThat(docker.parseIds(Json.parseArrayOrLines("{\"ID\":\"d1\"}\n{\"ID\":\"d2\"}\n")))
        .containsExactly("d1", "d2");
    assertThat(docker.parseIds(Json.parseArrayOrLines(""))).isEmpty();
    assertThat(
            plainPodman.parseEvent(
                m.readTree(
                    "{\"ID\":\"c1\",\"Status\":\"died\",\"Type\":\"container\","
                        + "\"Attributes\":{\"banyan.node\":\"n1\"}}")))
        .contains(new ContainerEvent("c1", "died", Map.of("banyan.node", "n1")));
    assertThat(
            docker.parseEvent(
                m.readTree(
                    "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"c2\","
                        + "\"Attributes\":{\"banyan.node\":\"n1\"}}}")))
        .contains(new ContainerEvent("c2", "die", Map.of("banyan.node", "n1")));
    assertThat(
            nerdctl.parseEvent(
                m.readTree(
                    "{\"Topic\":\"/tasks/exit\",\"Event\":\"{\\\"container_id\\\":\\\"c3\\\"}\"}")))
        .contains(new ContainerEvent("c3", "exit", Map.of()));
    assertThat(nerdctl.parseEvent(m.readTree("{\"Topic\":\"/images/create\"}"))).isEmpty();
  }

  @Test
  void readsTheStorageRootFromInfo() throws Exception {
    ObjectMapper m = new ObjectMapper();
    assertThat(plainPodman.storageRoot(m.readTree("{\"store\":{\"graphRoot\":\"/var/lib/c\"}}")))
        .contains(java.nio.file.Path.of("/var/lib/c"));
    assertThat(docker.storageRoot(m.readTree("{\"DockerRootDir\":\"/var/lib/docker\"}")))
        .contains(java.nio.file.Path.of("/var/lib/docker"));
  }
}
