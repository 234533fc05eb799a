package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.deploy.CompiledDeployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's entry point: already-interpolated text in, ServiceDeployments out. */
class DeploymentCompilerTest {
  @Test
  void dollarSignsAreLiteralBecauseTheTextIsAlreadyInterpolated() {
    CompiledDeployment d =
        DeploymentCompiler.compile(
            "services:\n  web:\n    image: app:${TAG}\n    environment:\n      PRICE: $5\n",
            "banyan.yaml",
            "shop",
            Map.of());

    assertThat(d.spec().services().get(0).container().getImage()).isEqualTo("app:${TAG}");
    assertThat(d.spec().services().get(0).container().getEnvMap()).containsEntry("PRICE", "$5");
  }

  @Test
  void missingSecretContentNamesTheSecretAndFile() {
    String yaml =
        "services:\n  web:\n    image: a\n    secrets: [tls]\nsecrets:\n  tls:\n    file: ./tls.key\n";

    assertThatThrownBy(() -> DeploymentCompiler.compile(yaml, "banyan.yaml", "shop", Map.of()))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "banyan.yaml:7:11 secrets.tls.file: no content was given for \"./tls.key\" of secret"
                + " \"tls\"; deploy with banyan-cli from the manifest's directory so it can read"
                + " the file");
  }

  @Test
  void rejectsAnInvalidDeploymentName() {
    assertThatThrownBy(
            () ->
                DeploymentCompiler.compile(
                    "services:\n  web:\n    image: a\n", "banyan.yaml", "Shop!", Map.of()))
        .hasMessage(
            "banyan.yaml:1:1 name: \"Shop!\" is not a valid deployment name; use up to 63 lowercase"
                + " letters, digits, '-' and '_', starting with a letter or digit");
  }

  @Test
  void relativeBindSourcesMustHaveBeenMadeAbsolute() {
    assertThatThrownBy(
            () ->
                DeploymentCompiler.compile(
                    "services:\n  web:\n    image: a\n    volumes: [./html:/usr/share/html]\n",
                    "banyan.yaml",
                    "shop",
                    Map.of()))
        .hasMessage(
            "banyan.yaml:4:15 services.web.volumes[0]: the bind source \"./html\" is relative; run"
                + " the file through banyan-cli config, which makes it absolute");
  }

  @Test
  void everyServiceIsActiveBecauseProfilesWereAppliedBeforehand() {
    CompiledDeployment d =
        DeploymentCompiler.compile(
            "services:\n  web:\n    image: a\n  tool:\n    image: b\n    profiles: [debug]\n",
            "banyan.yaml",
            "shop",
            Map.of());

    assertThat(d.spec().services()).extracting(s -> s.name()).containsExactly("web", "tool");
  }

  @Test
  void warningsTravelWithTheResult() {
    CompiledDeployment d =
        DeploymentCompiler.compile(
            "services:\n  web:\n    image: a\n    container_name: web\n",
            "b.yaml",
            "shop",
            Map.of());

    assertThat(d.warnings())
        .containsExactly(
            "b.yaml:4:5 services.web.container_name: parsed but not acted on: Banyan names"
                + " containers banyan-<deployment>-<service>-<replica>-<task> so replicas and"
                + " redeploys never collide; reach the service by its name instead; remove it to"
                + " silence this warning");
  }

  @Test
  void allErrorsAreReportedTogether() {
    assertThatThrownBy(
            () ->
                DeploymentCompiler.compile(
                    "services:\n  web:\n    image: a\n    restart: maybe\n    cpus: many\n",
                    "b.yaml",
                    "shop",
                    Map.of()))
        .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.errors()).hasSize(2));
  }
}
