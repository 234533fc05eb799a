package dev.banyan.common.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Helpers that run manifests through the real loader from a temporary directory. */
final class TestManifests {
  private TestManifests() {}

  static LoadedManifest load(Path dir, String yaml, Map<String, String> env, Set<String> profiles) {
    write(dir.resolve("banyan.yaml"), yaml);
    return ManifestLoader.load(Optional.empty(), dir, env, Optional.of("app"), profiles);
  }

  /** The error lines the loader reports for {@code yaml}, or an empty list when it is valid. */
  static List<String> errors(Path dir, String yaml) {
    try {
      load(dir, yaml, Map.of("HOME", "/home/op"), Set.of());
      return List.of();
    } catch (ManifestException e) {
      return e.errors();
    }
  }

  static void write(Path p, String text) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
