package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.common.deploy.ServiceDeployment;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.Dependency;
import dev.banyan.proto.v1.Mount;
import dev.banyan.proto.v1.RestartPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every service key in each of its syntaxes, checked on what the agent receives: the compiled
 * {@link ContainerSpec}, replica count and placement.
 */
class ServiceKeysTest {
  private static final Map<String, byte[]> FILES =
      Map.of("./key.txt", "k".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private static ServiceDeployment compile(String serviceBody) {
    String yaml =
        "services:\n  svc:\n    image: app:1\n"
            + serviceBody.indent(4)
            + "  db:\n    image: db:1\n"
            + "volumes:\n  data: {}\n  shared:\n    external: true\n  named:\n    name: exact-name\n"
            + "networks:\n  back: {}\n"
            + "secrets:\n  key:\n    file: ./key.txt\n"
            + "configs:\n  conf:\n    file: ./key.txt\n";
    return DeploymentCompiler.compile(yaml, "banyan.yaml", "shop", FILES).spec().services().get(0);
  }

  private static Arguments c(
      String body, Function<ServiceDeployment, Object> get, Object expected) {
    return Arguments.of(body, get, expected);
  }

  private static Function<ServiceDeployment, Object> spec(Function<ContainerSpec, Object> f) {
    return s -> f.apply(s.container());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c(
            "command: echo 'a b' c",
            spec(x -> x.getCommand().getArgsList()),
            List.of("echo", "a b", "c")),
        c("command: [echo, hi]", spec(x -> x.getCommand().getArgsList()), List.of("echo", "hi")),
        c("command: []", spec(x -> x.hasCommand()), true),
        c("labels: {}", spec(x -> x.hasCommand()), false),
        c(
            "entrypoint: /bin/sh -c",
            spec(x -> x.getEntrypoint().getArgsList()),
            List.of("/bin/sh", "-c")),
        c("entrypoint: [\"/init\"]", spec(x -> x.getEntrypoint().getArgsList()), List.of("/init")),
        c(
            "environment:\n  A: 1\n  B: 'x y'",
            spec(x -> x.getEnvMap()),
            Map.of("A", "1", "B", "x y")),
        c(
            "environment:\n  - A=1\n  - B=x=y",
            spec(x -> x.getEnvMap()),
            Map.of("A", "1", "B", "x=y")),
        c("environment:\n  - A=\n  - B", spec(x -> x.getEnvMap()), Map.of("A", "")),
        c(
            "ports: [\"8080:80\"]",
            spec(x -> x.getPorts(0).getHostPort() + "/" + x.getPorts(0).getContainerPort()),
            "8080/80"),
        c(
            "ports: [\"127.0.0.1:8080:80/udp\"]",
            spec(x -> x.getPorts(0).getHostIp() + " " + x.getPorts(0).getProtocol()),
            "127.0.0.1 udp"),
        c("ports: [\"[::1]:6001:6001\"]", spec(x -> x.getPorts(0).getHostIp()), "::1"),
        c(
            "ports: [\"9090-9091:8080-8081\"]",
            spec(x -> x.getPorts(1).getHostPort() + "/" + x.getPorts(1).getContainerPort()),
            "9091/8081"),
        c(
            "ports: [3000]",
            spec(x -> x.getPorts(0).getHostPort() + "/" + x.getPorts(0).getContainerPort()),
            "0/3000"),
        c(
            "ports:\n  - target: 80\n    published: \"8000\"\n    host_ip: 10.0.0.1",
            spec(x -> x.getPorts(0).getHostIp() + " " + x.getPorts(0).getHostPort()),
            "10.0.0.1 8000"),
        c(
            "ports:\n  - target: 80\n    published: 8000\n    protocol: udp",
            spec(x -> x.getPorts(0).getProtocol()),
            "udp"),
        c(
            "expose: [\"3000\", 8080/udp]",
            spec(x -> x.getExposeList()),
            List.of("3000", "8080/udp")),
        c(
            "volumes: [\"data:/d\"]",
            spec(x -> x.getMounts(0)),
            Mount.newBuilder()
                .setType(Mount.Type.TYPE_VOLUME)
                .setSource("shop_data")
                .setTarget("/d")
                .build()),
        c(
            "volumes: [\"shared:/d:ro\"]",
            spec(x -> x.getMounts(0).getSource() + " " + x.getMounts(0).getReadOnly()),
            "shared true"),
        c("volumes: [\"named:/d\"]", spec(x -> x.getMounts(0).getSource()), "exact-name"),
        c(
            "volumes: [\"/srv/x:/x:ro,z\"]",
            spec(x -> x.getMounts(0)),
            Mount.newBuilder()
                .setType(Mount.Type.TYPE_BIND)
                .setSource("/srv/x")
                .setTarget("/x")
                .setReadOnly(true)
                .build()),
        c(
            "volumes: [\"/cache\"]",
            spec(x -> x.getMounts(0)),
            Mount.newBuilder().setType(Mount.Type.TYPE_VOLUME).setTarget("/cache").build()),
        c(
            "volumes:\n  - type: tmpfs\n    target: /run",
            spec(x -> x.getMounts(0).getType()),
            Mount.Type.TYPE_TMPFS),
        c(
            "volumes:\n  - type: bind\n    source: /etc/hosts\n    target: /h\n    read_only: true",
            spec(x -> x.getMounts(0).getReadOnly()),
            true),
        c(
            "tmpfs: /run",
            spec(x -> x.getMounts(0).getType() + " " + x.getMounts(0).getTarget()),
            "TYPE_TMPFS /run"),
        c("tmpfs: [/run, /tmp]", spec(x -> x.getMountsCount()), 2),
        c(
            "depends_on: [db]",
            spec(x -> x.getDependsOn(0).getCondition()),
            Dependency.Condition.CONDITION_STARTED),
        c(
            "depends_on:\n  db:\n    condition: service_healthy",
            spec(x -> x.getDependsOn(0).getCondition()),
            Dependency.Condition.CONDITION_HEALTHY),
        c(
            "depends_on:\n  db:\n    condition: service_completed_successfully\n    required: false",
            spec(x -> x.getDependsOn(0).getCondition() + " " + x.getDependsOn(0).getRequired()),
            "CONDITION_COMPLETED_SUCCESSFULLY false"),
        c(
            "healthcheck:\n  test: curl -f localhost",
            spec(x -> x.getHealthCheck().getTestList()),
            List.of("CMD-SHELL", "curl -f localhost")),
        c(
            "healthcheck:\n  test: [CMD, curl, -f, localhost]\n  interval: 1m30s\n  timeout: 10s\n  retries: 3\n  start_period: 500ms",
            spec(
                x ->
                    x.getHealthCheck().getInterval().getSeconds()
                        + " "
                        + x.getHealthCheck().getStartPeriod().getNanos()
                        + " "
                        + x.getHealthCheck().getRetries()),
            "90 500000000 3"),
        c(
            "healthcheck:\n  test: [CMD-SHELL, pg_isready]",
            spec(x -> x.getHealthCheck().getTestList()),
            List.of("CMD-SHELL", "pg_isready")),
        c("healthcheck:\n  test: [NONE]", spec(x -> x.hasHealthCheck()), false),
        c("healthcheck:\n  test: curl x\n  disable: true", spec(x -> x.hasHealthCheck()), false),
        c(
            "restart: \"no\"",
            spec(x -> x.getRestart().getCondition()),
            RestartPolicy.Condition.CONDITION_NO),
        c(
            "restart: no",
            spec(x -> x.getRestart().getCondition()),
            RestartPolicy.Condition.CONDITION_NO),
        c(
            "restart: always",
            spec(x -> x.getRestart().getCondition()),
            RestartPolicy.Condition.CONDITION_ALWAYS),
        c(
            "restart: on-failure:3",
            spec(x -> x.getRestart().getCondition() + " " + x.getRestart().getMaxAttempts()),
            "CONDITION_ON_FAILURE 3"),
        c(
            "restart: unless-stopped",
            spec(x -> x.getRestart().getCondition()),
            RestartPolicy.Condition.CONDITION_UNLESS_STOPPED),
        c(
            "labels: {}",
            spec(x -> x.getRestart().getCondition()),
            RestartPolicy.Condition.CONDITION_ALWAYS),
        c(
            "restart: always\ndeploy:\n  restart_policy:\n    condition: on-failure\n    delay: 5s\n    max_attempts: 2\n    window: 2m",
            spec(
                x ->
                    x.getRestart().getCondition()
                        + " "
                        + x.getRestart().getDelay().getSeconds()
                        + " "
                        + x.getRestart().getMaxAttempts()
                        + " "
                        + x.getRestart().getWindow().getSeconds()),
            "CONDITION_ON_FAILURE 5 2 120"),
        c(
            "deploy:\n  restart_policy:\n    condition: none",
            spec(x -> x.getRestart().getCondition()),
            RestartPolicy.Condition.CONDITION_NO),
        c("deploy:\n  replicas: 3", s -> s.replicas(), 3),
        c("scale: 2", s -> s.replicas(), 2),
        c("labels: {}", s -> s.replicas(), 1),
        c(
            "deploy:\n  placement:\n    constraints:\n      - node.labels.zone==eu\n      - node.hostname != n1\n      - node.role == worker",
            s -> s.placement().getConstraintsList(),
            List.of("node.labels.zone == eu", "node.hostname != n1", "node.role == worker")),
        c(
            "deploy:\n  resources:\n    limits: {cpus: '0.5', memory: 512m}\n    reservations: {cpus: 0.25, memory: 256M}",
            spec(
                x ->
                    x.getResources().getCpuLimit()
                        + " "
                        + x.getResources().getMemoryLimitBytes()
                        + " "
                        + x.getResources().getCpuReservation()
                        + " "
                        + x.getResources().getMemoryReservationBytes()),
            "0.5 536870912 0.25 268435456"),
        c(
            "cpus: 2\nmem_limit: 1g\nmem_reservation: 100m",
            spec(
                x ->
                    x.getResources().getCpuLimit()
                        + " "
                        + x.getResources().getMemoryLimitBytes()
                        + " "
                        + x.getResources().getMemoryReservationBytes()),
            "2.0 1073741824 104857600"),
        c("memory: 4g", spec(x -> x.getResources().getMemoryReservationBytes()), 4294967296L),
        c(
            "labels: {}",
            spec(
                x -> x.getResources().getMemoryReservationBytes() + x.getResources().getCpuLimit()),
            0.0),
        c("labels:\n  a: b\n  c:", spec(x -> x.getLabelsMap()), Map.of("a", "b", "c", "")),
        c("labels: [a=b, c]", spec(x -> x.getLabelsMap()), Map.of("a", "b", "c", "")),
        c(
            "hostname: h\nuser: \"1000:1000\"\nworking_dir: /w\nstop_signal: SIGINT",
            spec(x -> x.getHostname() + x.getUser() + x.getWorkingDir() + x.getStopSignal()),
            "h1000:1000/wSIGINT"),
        c("stop_grace_period: 1m30s", spec(x -> x.getStopGracePeriod().getSeconds()), 90L),
        c("networks: [back]", spec(x -> x.getNetworkAliasesList()), List.of()),
        c(
            "networks:\n  back:\n    aliases: [api, api2]\n  default:\n    aliases: [api]",
            spec(x -> x.getNetworkAliasesList()),
            List.of("api", "api2")),
        c(
            "secrets: [key]",
            spec(
                x ->
                    x.getFiles(0).getTarget()
                        + " "
                        + Integer.toOctalString(x.getFiles(0).getMode())
                        + " "
                        + x.getFiles(0).getContent().toStringUtf8()),
            "/run/secrets/key 400 k"),
        c(
            "secrets:\n  - source: key\n    target: tls.key\n    mode: 0440",
            spec(
                x ->
                    x.getFiles(0).getTarget()
                        + " "
                        + Integer.toOctalString(x.getFiles(0).getMode())),
            "/run/secrets/tls.key 440"),
        c(
            "configs: [conf]",
            spec(
                x ->
                    x.getFiles(0).getTarget()
                        + " "
                        + Integer.toOctalString(x.getFiles(0).getMode())),
            "/conf 444"),
        c(
            "configs:\n  - source: conf\n    target: /etc/app.conf\n    mode: 0o600",
            spec(
                x ->
                    x.getFiles(0).getTarget()
                        + " "
                        + Integer.toOctalString(x.getFiles(0).getMode())),
            "/etc/app.conf 600"),
        c(
            "ulimits:\n  nproc: 1024\n  nofile: {soft: 100, hard: 200}",
            spec(
                x ->
                    x.getUlimits(0).getHard()
                        + " "
                        + x.getUlimits(1).getSoft()
                        + " "
                        + x.getUlimits(1).getHard()),
            "1024 100 200"),
        c(
            "cap_add: [NET_ADMIN]\ncap_drop: [ALL]",
            spec(x -> x.getCapAddList() + " " + x.getCapDropList()),
            "[NET_ADMIN] [ALL]"),
        c("privileged: true\ninit: true", spec(x -> x.getPrivileged() && x.getInit()), true),
        c(
            "extra_hosts: [\"a:1.2.3.4\", \"b=::1\"]",
            spec(x -> x.getExtraHostsList()),
            List.of("a:1.2.3.4", "b:::1")),
        c("extra_hosts:\n  a: 1.2.3.4", spec(x -> x.getExtraHostsList()), List.of("a:1.2.3.4")),
        c("dns: 8.8.8.8", spec(x -> x.getDnsList()), List.of("8.8.8.8")),
        c("dns: [8.8.8.8, 1.1.1.1]", spec(x -> x.getDnsList()), List.of("8.8.8.8", "1.1.1.1")),
        c(
            "logging:\n  driver: json-file\n  options:\n    max-size: 10m",
            spec(x -> x.getLogging().getDriver() + " " + x.getLogging().getOptionsMap()),
            "json-file {max-size=10m}"),
        c("container_name: fixed", spec(x -> x.getLabelsCount()), 0),
        c(
            "build:\n  context: .\n  dockerfile: Dockerfile\n  args: {A: 1}\n  target: prod",
            spec(x -> x.getImage()),
            "app:1"),
        c("build: ./dir", spec(x -> x.getImage()), "app:1"),
        c("x-notes: anything\nprofiles: [web]", spec(x -> x.getImage()), "app:1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesEachSyntax(String body, Function<ServiceDeployment, Object> get, Object expected) {
    assertThat(get.apply(compile(body))).isEqualTo(expected);
  }
}
