package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact messages a user sees for broken manifests: every line names file:line:column, the key
 * path, the problem and the fix.
 */
class BadManifestsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsEveryErrorWithPositionPathAndFix(String name, String yaml, List<String> expected) {
    assertThat(TestManifests.errors(dir, yaml))
        .containsExactlyElementsOf(
            expected.stream().map(e -> e.replace("{dir}", dir.toString())).toList());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "port_three_parts",
            """
            services:
              web:
                image: nginx
                ports:
                  - "8080:80"
                  - "80:80:80"
            """,
            List.of(
                "banyan.yaml:6:9 services.web.ports[1]: \"80:80:80\" is not a port mapping; expected [HOST:]CONTAINER[/PROTOCOL]")),
        Arguments.of(
            "unknown_key_suggestion",
            """
            services:
              web:
                imag: nginx
            """,
            List.of(
                "banyan.yaml:2:3 services.web: the service has neither image nor build; add image: NAME[:TAG]",
                "banyan.yaml:3:5 services.web.imag: unknown key; did you mean \"image\"?")),
        Arguments.of(
            "restart_policy",
            """
            services:
              web:
                image: nginx
                restart: sometimes
            """,
            List.of(
                "banyan.yaml:4:14 services.web.restart: \"sometimes\" is not a restart policy; use no, always, on-failure[:N] or unless-stopped")),
        Arguments.of(
            "undefined_dependency",
            """
            services:
              web:
                image: nginx
                depends_on: [api]
              apis:
                image: api
            """,
            List.of(
                "banyan.yaml:4:18 services.web.depends_on.api: depends on undefined service \"api\"; did you mean \"apis\"?")),
        Arguments.of(
            "dependency_cycle",
            """
            services:
              a:
                image: x
                depends_on: [b]
              b:
                image: x
                depends_on:
                  a:
                    condition: service_healthy
            """,
            List.of(
                "banyan.yaml:8:7 services.b.depends_on.a: dependency cycle a -> b -> a; remove one of these dependencies")),
        Arguments.of(
            "duplicate_host_port",
            """
            services:
              web:
                image: nginx
                ports: ["8080:80"]
              admin:
                image: nginx
                ports:
                  - target: 80
                    published: 8080
            """,
            List.of(
                "banyan.yaml:8:9 services.admin.ports: host port 8080/tcp is already published by service \"web\"; publish a different host port")),
        Arguments.of(
            "invalid_service_name",
            """
            services:
              Web_App:
                image: nginx
            """,
            List.of(
                "banyan.yaml:2:3 services.Web_App: \"Web_App\" is not a valid service name; use up to 63 lowercase letters, digits, '-' and '_', starting with a letter or digit")),
        Arguments.of(
            "neither_image_nor_build",
            """
            services:
              web:
                ports: ["80:80"]
            """,
            List.of(
                "banyan.yaml:2:3 services.web: the service has neither image nor build; add image: NAME[:TAG]")),
        Arguments.of(
            "build_without_image",
            """
            services:
              web:
                build: ./web
            """,
            List.of(
                "banyan.yaml:2:3 services.web: build without image is not supported yet: Banyan has no registry to ship a built image to other nodes; build and push the image yourself and set image: NAME[:TAG]")),
        Arguments.of(
            "undefined_volume",
            """
            services:
              db:
                image: postgres
                volumes:
                  - data:/var/lib/postgresql/data
            """,
            List.of(
                "banyan.yaml:2:3 services.db.volumes: refers to undefined volume \"data\"; define it under the top-level volumes: or use ./data for a host path")),
        Arguments.of(
            "undefined_network",
            """
            services:
              web:
                image: nginx
                networks: [front]
            """,
            List.of(
                "banyan.yaml:2:3 services.web.networks.front: refers to undefined network \"front\"; define it under the top-level networks:")),
        Arguments.of(
            "undefined_secret",
            """
            services:
              web:
                image: nginx
                secrets: [tls_key]
            """,
            List.of(
                "banyan.yaml:4:15 services.web.secrets: refers to undefined secret \"tls_key\"; define it under the top-level secrets: with file: ./path")),
        Arguments.of(
            "undefined_config",
            """
            services:
              web:
                image: nginx
                configs:
                  - source: nginx_conf
                    target: /etc/nginx/nginx.conf
            """,
            List.of(
                "banyan.yaml:5:9 services.web.configs: refers to undefined config \"nginx_conf\"; define it under the top-level configs: with file: ./path")),
        Arguments.of(
            "healthcheck_test",
            """
            services:
              web:
                image: nginx
                healthcheck:
                  test: ["RUN", "curl", "localhost"]
            """,
            List.of(
                "banyan.yaml:5:13 services.web.healthcheck.test: the test list [RUN, curl, localhost] is not a healthcheck test; write [\"CMD\", \"prog\", \"arg\"...], [\"CMD-SHELL\", \"command line\"] or [\"NONE\"]")),
        Arguments.of(
            "duration_without_unit",
            """
            services:
              web:
                image: nginx
                healthcheck:
                  test: curl localhost
                  interval: 10
            """,
            List.of(
                "banyan.yaml:6:17 services.web.healthcheck.interval: \"10\" is not a duration; write e.g. 10s, 1m30s or 500ms")),
        Arguments.of(
            "byte_size",
            """
            services:
              web:
                image: nginx
                mem_limit: 12q
            """,
            List.of(
                "banyan.yaml:4:16 services.web.mem_limit: \"12q\" is not a byte size; write e.g. 512m, 4g or 1073741824")),
        Arguments.of(
            "replicas_not_number",
            """
            services:
              web:
                image: nginx
                deploy:
                  replicas: three
            """,
            List.of(
                "banyan.yaml:5:17 services.web.deploy.replicas: \"three\" is not a whole number; write a number such as 3")),
        Arguments.of(
            "ports_not_list",
            """
            services:
              web:
                image: nginx
                ports: "80:80"
            """,
            List.of(
                "banyan.yaml:4:12 services.web.ports: expected a list, got a string; write one item per line starting with '- '")),
        Arguments.of(
            "environment_number",
            """
            services:
              web:
                image: nginx
                environment: 5
            """,
            List.of(
                "banyan.yaml:4:18 services.web.environment: expected a mapping or a list of NAME=value, got a number; write a mapping or a list of NAME=value")),
        Arguments.of(
            "depends_on_condition",
            """
            services:
              web:
                image: nginx
                depends_on:
                  db:
                    condition: service_ready
              db:
                image: postgres
            """,
            List.of(
                "banyan.yaml:6:20 services.web.depends_on.db.condition: \"service_ready\" is not a dependency condition; use service_started, service_healthy or service_completed_successfully")),
        Arguments.of(
            "placement_constraint",
            """
            services:
              web:
                image: nginx
                deploy:
                  placement:
                    constraints: ["zone=eu"]
            """,
            List.of(
                "banyan.yaml:6:23 services.web.deploy.placement.constraints[0]: \"zone=eu\" is not a placement constraint; write node.hostname|node.role|node.labels.KEY == or != VALUE")),
        Arguments.of(
            "global_mode",
            """
            services:
              agent:
                image: datadog/agent
                deploy:
                  mode: global
            """,
            List.of(
                "banyan.yaml:5:13 services.agent.deploy.mode: \"global\" mode is not supported; use mode: replicated with replicas: N")),
        Arguments.of(
            "network_mode_rejected",
            """
            services:
              web:
                image: nginx
                network_mode: host
            """,
            List.of(
                "banyan.yaml:4:5 services.web.network_mode: not supported by Banyan: Banyan attaches every container to its VPC network; remove it")),
        Arguments.of(
            "extends_rejected",
            """
            services:
              web:
                extends:
                  file: common.yml
                  service: base
                image: nginx
            """,
            List.of(
                "banyan.yaml:3:5 services.web.extends: not supported by Banyan: extends is not supported; inline the shared keys or use a YAML anchor (x-common: &common, then <<: *common)")),
        Arguments.of(
            "yaml_syntax",
            """
            services:
              web:
                image: nginx
               ports:
                  - "80:80"
            """,
            List.of(
                "banyan.yaml:4:4 (top level): invalid YAML: expected <block end>, but found '<block mapping start>' (while parsing a block mapping); check the indentation and quoting at that position")),
        Arguments.of(
            "duplicate_key",
            """
            services:
              web:
                image: nginx
                image: httpd
            """,
            List.of(
                "banyan.yaml:4:5 services.web.image: duplicate key \"image\" (first at line 3); keep one of them")),
        Arguments.of(
            "required_variable",
            """
            services:
              db:
                image: postgres
                environment:
                  POSTGRES_PASSWORD: ${DB_PASSWORD:?set the database password}
            """,
            List.of(
                "banyan.yaml:5:26 services.db.environment.POSTGRES_PASSWORD: required variable DB_PASSWORD is missing a value: set the database password; set DB_PASSWORD in the environment or in .env")),
        Arguments.of(
            "invalid_interpolation",
            """
            services:
              shop:
                image: shop
                environment:
                  PRICE: costs $5
            """,
            List.of(
                "banyan.yaml:5:14 services.shop.environment.PRICE: \"costs $5\" is not a valid interpolation; use $VAR or ${VAR[:-default]} and write $$ for a literal $")),
        Arguments.of(
            "empty_file",
            """
            # nothing yet
            """,
            List.of("banyan.yaml:1:1 (top level): the file is empty; define at least services:")),
        Arguments.of(
            "no_services",
            """
            name: app
            volumes:
              data:
            """,
            List.of(
                "banyan.yaml:1:1 services: the manifest defines no services; add services: with at least one service")),
        Arguments.of(
            "volume_mode",
            """
            services:
              db:
                image: postgres
                volumes:
                  - /srv/db:/var/lib/postgresql/data:rx
            """,
            List.of(
                "banyan.yaml:5:9 services.db.volumes[0]: \"/srv/db:/var/lib/postgresql/data:rx\" has unknown mode \"rx\"; use ro or rw (plus z or Z)")),
        Arguments.of(
            "volume_target_relative",
            """
            services:
              db:
                image: postgres
                volumes:
                  - ./data:data
            """,
            List.of(
                "banyan.yaml:5:9 services.db.volumes[0]: the container path \"data\" is not absolute; start it with /")),
        Arguments.of(
            "secret_without_file",
            """
            services:
              web:
                image: nginx
                secrets: [key]
            secrets:
              key:
                name: tls
            """,
            List.of(
                "banyan.yaml:4:15 services.web.secrets: refers to undefined secret \"key\"; define it under the top-level secrets: with file: ./path",
                "banyan.yaml:6:3 secrets.key: no file: given; add file: ./path/to/key")),
        Arguments.of(
            "secret_file_missing",
            """
            services:
              web:
                image: nginx
                secrets: [key]
            secrets:
              key:
                file: ./certs/key.pem
            """,
            List.of(
                "banyan.yaml:7:11 secrets.key.file: cannot read \"./certs/key.pem\" ({dir}/certs/key.pem); create the file or fix the path (relative paths start at the manifest's directory)")),
        Arguments.of(
            "ulimit_soft_above_hard",
            """
            services:
              web:
                image: nginx
                ulimits:
                  nofile:
                    soft: 40000
                    hard: 20000
            """,
            List.of(
                "banyan.yaml:6:9 services.web.ulimits.nofile: soft 40000 is above hard 20000; make soft <= hard")),
        Arguments.of(
            "cpus_text",
            """
            services:
              web:
                image: nginx
                cpus: lots
            """,
            List.of(
                "banyan.yaml:4:11 services.web.cpus: \"lots\" is not a CPU count; write e.g. 0.5 or 2")),
        Arguments.of(
            "port_protocol",
            """
            services:
              web:
                image: nginx
                ports: ["5000:5000/sctp"]
            """,
            List.of(
                "banyan.yaml:4:13 services.web.ports[0]: \"5000:5000/sctp\" has protocol \"sctp\"; use tcp or udp")),
        Arguments.of(
            "deployment_name",
            """
            name: My App
            services:
              web:
                image: nginx
            """,
            List.of(
                "banyan.yaml:1:7 name: \"My App\" is not a valid deployment name; use up to 63 lowercase letters, digits, '-' and '_', starting with a letter or digit")),
        Arguments.of(
            "env_file_missing",
            """
            services:
              web:
                image: nginx
                env_file: web.env
            """,
            List.of(
                "banyan.yaml:4:15 services.web.env_file: the env file \"web.env\" was not found; create it or set required: false")),
        Arguments.of(
            "depends_on_profile_service",
            """
            services:
              web:
                image: nginx
                depends_on: [debug]
              debug:
                image: busybox
                profiles: [tools]
            """,
            List.of(
                "banyan.yaml:4:18 services.web.depends_on.debug: depends on service \"debug\" which is only in profile(s) tools; pass --profile tools")),
        Arguments.of(
            "top_level_typo",
            """
            service:
              web:
                image: nginx
            """,
            List.of(
                "banyan.yaml:1:1 service: unknown key; did you mean \"services\"?",
                "banyan.yaml:1:1 services: the manifest defines no services; add services: with at least one service")),
        Arguments.of(
            "random_host_port",
            """
            services:
              web:
                image: nginx
                ports: ["127.0.0.1::80"]
            """,
            List.of(
                "banyan.yaml:4:13 services.web.ports[0]: \"127.0.0.1::80\" asks for a random host port; Banyan publishes fixed ports only: write HOST:CONTAINER")),
        Arguments.of(
            "service_is_list",
            """
            services:
              web:
                - image: nginx
            """,
            List.of(
                "banyan.yaml:3:5 services.web: expected a mapping, got a list; write key: value pairs indented under it")),
        Arguments.of(
            "merge_scalar",
            """
            x-base: &base nginx
            services:
              web:
                <<: *base
                image: nginx
            """,
            List.of(
                "banyan.yaml:6:1 (top level): invalid YAML: Expected mapping node or an anchor referencing mapping; check the indentation and quoting at that position")));
  }
}
