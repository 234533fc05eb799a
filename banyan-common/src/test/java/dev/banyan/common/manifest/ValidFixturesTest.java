package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.common.deploy.CompiledDeployment;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Realistic multi-service manifests in the style of public example apps all validate and deploy.
 */
class ValidFixturesTest {
  static Stream<Path> fixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(ValidFixturesTest.class.getResource("/manifests/valid").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  private static LoadedManifest load(Path fixture) {
    return ManifestLoader.load(
        Optional.of(fixture.getFileName()),
        fixture.getParent(),
        Map.of("HOME", "/home/op"),
        Optional.of("example"),
        Set.of("*"));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void validatesWithoutErrorsAndCompiles(Path fixture) {
    LoadedManifest m = load(fixture);

    CompiledDeployment d =
        DeploymentCompiler.compile(
            m.normalizedYaml(), "normalized.yaml", m.deploymentName(), m.files());

    assertThat(d.spec().services()).isNotEmpty();
    assertThat(d.spec().services())
        .allSatisfy(s -> assertThat(s.container().getImage()).isNotEmpty());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void normalizedTextReadsBackToTheSameText(Path fixture) {
    LoadedManifest m = load(fixture);

    ManifestPipeline.Result again =
        ManifestPipeline.run(
            m.normalizedYaml(),
            "normalized.yaml",
            Optional.empty(),
            ReadContext.forCompile(m.files()),
            Optional.empty());

    assertThat(again.diagnostics().errors()).isEmpty();
    assertThat(
            ManifestWriter.write(
                m.deploymentName(), again.manifest().orElseThrow(), again.active()))
        .isEqualTo(m.normalizedYaml());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void compilingTheSameTextTwiceGivesEqualProtos(Path fixture) {
    LoadedManifest m = load(fixture);

    CompiledDeployment a =
        DeploymentCompiler.compile(m.normalizedYaml(), "a", "example", m.files());
    CompiledDeployment b =
        DeploymentCompiler.compile(m.normalizedYaml(), "a", "example", m.files());

    assertThat(a).isEqualTo(b);
  }
}
