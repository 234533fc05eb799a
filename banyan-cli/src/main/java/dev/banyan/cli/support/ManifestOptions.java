package dev.banyan.cli.support;

import dev.banyan.common.manifest.LoadedManifest;
import dev.banyan.common.manifest.ManifestLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that reads a manifest shares: -f, --name, --profile. */
public final class ManifestOptions {
  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description =
          "Manifest to read (default: banyan.yaml, compose.yaml, compose.yml, docker-compose.yaml,"
              + " docker-compose.yml in the working directory).")
  Path file;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Deployment name when the file has no name: (default: the directory's name).")
  String name;

  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      description = "Activate services of this Compose profile (repeatable; '*' for all).")
  List<String> profiles = new ArrayList<>();

  public LoadedManifest load() {
    return load(null);
  }

  /** Loads the manifest; {@code positional} is a file named without -f, used when -f is absent. */
  public LoadedManifest load(Path positional) {
    return ManifestLoader.load(
        Optional.ofNullable(file != null ? file : positional),
        Path.of("").toAbsolutePath(),
        System.getenv(),
        Optional.ofNullable(name),
        new LinkedHashSet<>(profiles));
  }
}
