package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the file, .env, names, profiles and files, as the CLI uses them. */
class ManifestLoaderTest {
  @TempDir Path dir;

  private LoadedManifest load(
      Optional<String> name, Set<String> profiles, Map<String, String> env) {
    return ManifestLoader.load(Optional.empty(), dir, env, name, profiles);
  }

  @Test
  void findsTheFirstDefaultNameAndSaysWhichWereTriedWhenNoneExists() {
    assertThatThrownBy(() -> load(Optional.empty(), Set.of(), Map.of()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "no manifest found in "
                + dir
                + " (tried banyan.yaml, compose.yaml, compose.yml, docker-compose.yaml,"
                + " docker-compose.yml); create banyan.yaml or pass -f FILE");

    TestManifests.write(dir.resolve("docker-compose.yml"), "services:\n  a:\n    image: old\n");
    TestManifests.write(dir.resolve("compose.yaml"), "services:\n  a:\n    image: new\n");

    LoadedManifest m = load(Optional.of("x"), Set.of(), Map.of());
    assertThat(m.sourceName()).isEqualTo("compose.yaml");
    assertThat(m.normalizedYaml()).contains("image: new");
  }

  @Test
  void environmentWinsOverDotEnvWhichWinsOverDefaults() {
    TestManifests.write(dir.resolve(".env"), "TAG=from-dotenv\nPORT=81\n# comment\n");
    TestManifests.write(
        dir.resolve("banyan.yaml"),
        "services:\n  a:\n    image: app:${TAG}\n    ports: [\"${PORT}:80\"]\n"
            + "    environment:\n      LEVEL: ${LEVEL:-info}\n");

    LoadedManifest m = load(Optional.of("x"), Set.of(), Map.of("TAG", "from-env"));

    assertThat(m.normalizedYaml())
        .contains("image: app:from-env")
        .contains("published: '81'")
        .contains("LEVEL: info");
  }

  @Test
  void nameComesFromTheFileThenTheFlagThenTheDirectory() throws Exception {
    Path project = dir.resolve("My Shop.v2");
    TestManifests.write(project.resolve("banyan.yaml"), "services:\n  a:\n    image: x\n");
    LoadedManifest fromDir =
        ManifestLoader.load(Optional.empty(), project, Map.of(), Optional.empty(), Set.of());
    LoadedManifest fromFlag =
        ManifestLoader.load(Optional.empty(), project, Map.of(), Optional.of("shop"), Set.of());
    TestManifests.write(
        project.resolve("banyan.yaml"), "name: named\nservices:\n  a:\n    image: x\n");
    LoadedManifest fromFile =
        ManifestLoader.load(Optional.empty(), project, Map.of(), Optional.of("shop"), Set.of());

    assertThat(fromDir.deploymentName()).isEqualTo("my-shop-v2");
    assertThat(fromFlag.deploymentName()).isEqualTo("shop");
    assertThat(fromFile.deploymentName()).isEqualTo("named");
    assertThat(fromFile.warnings()).hasSize(1);
    assertThat(fromFile.normalizedYaml()).startsWith("name: named\n");
  }

  @Test
  void profilesActivateServices() {
    TestManifests.write(
        dir.resolve("banyan.yaml"),
        "services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [tools]\n");

    assertThat(load(Optional.of("x"), Set.of(), Map.of()).normalizedYaml())
        .doesNotContain("debug:");
    assertThat(load(Optional.of("x"), Set.of("tools"), Map.of()).normalizedYaml())
        .contains("debug:");
    assertThat(load(Optional.of("x"), Set.of("*"), Map.of()).normalizedYaml()).contains("debug:");
  }

  @Test
  void envFilesAreMergedAndBindPathsMadeAbsoluteAndSecretFilesRead() {
    TestManifests.write(dir.resolve("app.env"), "A=from-file\nB=\"quoted # not comment\"\n");
    TestManifests.write(dir.resolve("pw.txt"), "hunter2");
    TestManifests.write(
        dir.resolve("banyan.yaml"),
        "services:\n  a:\n    image: x\n    env_file: [app.env]\n    environment:\n"
            + "      A: override\n      FROM_SHELL:\n    volumes: [./data:/data, ~/cfg:/cfg]\n"
            + "    secrets: [pw]\nsecrets:\n  pw:\n    file: pw.txt\n");

    LoadedManifest m =
        load(Optional.of("x"), Set.of(), Map.of("FROM_SHELL", "yes", "HOME", "/home/op"));

    assertThat(m.normalizedYaml())
        .contains("A: override")
        .contains("B: 'quoted # not comment'")
        .contains("FROM_SHELL: yes")
        .contains("source: " + dir.resolve("data"))
        .contains("source: /home/op/cfg")
        .doesNotContain("env_file");
    assertThat(m.files()).containsOnlyKeys("pw.txt");
    assertThat(new String(m.files().get("pw.txt"), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("hunter2");
  }

  @Test
  void unsetVariablesAreWarnings() {
    TestManifests.write(dir.resolve("banyan.yaml"), "services:\n  a:\n    image: x:${TAG}\n");

    LoadedManifest m = load(Optional.of("x"), Set.of(), Map.of());

    assertThat(m.warnings())
        .containsExactly(
            "banyan.yaml:3:12 services.a.image: the variable TAG is not set, so an empty string is"
                + " used; set TAG in the environment or in .env, or give a default with"
                + " ${TAG:-value}");
  }

  @Test
  void badNameFlagIsAUsageError() {
    TestManifests.write(dir.resolve("banyan.yaml"), "services:\n  a:\n    image: x\n");

    assertThatThrownBy(() -> load(Optional.of("Bad Name"), Set.of(), Map.of()))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(2));
  }
}
