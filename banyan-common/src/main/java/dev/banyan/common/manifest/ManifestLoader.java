package dev.banyan.common.manifest;

import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;
import dev.banyan.common.manifest.model.FileDef;
import dev.banyan.common.manifest.model.FileRef;
import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, reads, interpolates and validates a manifest on the operator's machine, the way {@code
 * docker compose} does, and returns what a deploy needs. {@code validate}, {@code config} and
 * {@code deploy} all start here:
 *
 * <pre>{@code
 * LoadedManifest m = ManifestLoader.load(
 *     Optional.empty(),                 // or Optional.of(Path.of("deploy/banyan.yaml")) from -f
 *     Path.of("").toAbsolutePath(),     // the working directory
 *     System.getenv(),
 *     Optional.empty(),                 // --name
 *     Set.of());                        // --profile values
 * m.warnings().forEach(w -> err.println("warning: " + w));
 * CompiledDeployment d =
 *     DeploymentCompiler.compile(m.normalizedYaml(), m.sourceName(), m.deploymentName(), m.files());
 * }</pre>
 *
 * Throws {@link ManifestException} listing every error, or {@link UserError} when no file is found.
 */
public final class ManifestLoader {
  /** The names tried, in order, when no file is given. */
  public static final List<String> DEFAULT_NAMES =
      List.of(
          "banyan.yaml",
          "compose.yaml",
          "compose.yml",
          "docker-compose.yaml",
          "docker-compose.yml");

  private ManifestLoader() {}

  public static LoadedManifest load(
      Optional<Path> file,
      Path workingDir,
      Map<String, String> environment,
      Optional<String> nameOverride,
      Set<String> profiles) {
    Path path = find(file, workingDir);
    String sourceName = file.map(Path::toString).orElse(path.getFileName().toString());
    Path dir = path.toAbsolutePath().normalize().getParent();
    String text = read(path, sourceName);

    Map<String, String> variables = new HashMap<>();
    Path dotEnv = dir.resolve(".env");
    if (Files.isRegularFile(dotEnv)) {
      variables.putAll(DotEnv.parse(read(dotEnv, ".env"), ".env", environment));
    }
    variables.putAll(environment); // the environment wins over .env, as in Compose

    ReadContext ctx =
        new ReadContext(variables, Optional.of(dir), p -> readOptional(dir.resolve(p)));
    ManifestPipeline.Result result =
        ManifestPipeline.run(
            text, sourceName, Optional.of(new Interpolator(variables)), ctx, Optional.of(profiles));
    Diagnostics d = result.diagnostics();
    if (result.manifest().isEmpty()) {
      d.throwIfErrors();
    }
    Manifest manifest = result.manifest().orElseThrow();
    String name = deploymentName(manifest, nameOverride, dir, d);
    Map<String, byte[]> files = readFiles(manifest, result.active(), dir, d);
    d.throwIfErrors();

    String normalized = ManifestWriter.write(name, manifest, result.active());
    // The engine compiles exactly this text; failing here rather than on the engine is kinder.
    DeploymentCompiler.compile(normalized, sourceName + " (normalized)", name, files);
    return new LoadedManifest(name, normalized, sourceName, path, files, d.warnings());
  }

  private static Path find(Optional<Path> file, Path workingDir) {
    if (file.isPresent()) {
      Path p = workingDir.resolve(file.get());
      if (!Files.isRegularFile(p)) {
        throw new UserError(
            "the manifest " + file.get() + " was not found; check the path given with -f",
            ExitCodes.USAGE_OR_FAILURE);
      }
      return p;
    }
    for (String name : DEFAULT_NAMES) {
      Path p = workingDir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new UserError(
        "no manifest found in "
            + workingDir.toAbsolutePath().normalize()
            + " (tried "
            + String.join(", ", DEFAULT_NAMES)
            + "); create banyan.yaml or pass -f FILE");
  }

  private static String deploymentName(
      Manifest m, Optional<String> override, Path dir, Diagnostics d) {
    if (override.isPresent() && !DeploymentNames.isValid(override.get())) {
      throw new UserError(
          "--name "
              + NodeReader.quote(override.get())
              + " is not a valid deployment name; "
              + DeploymentNames.RULE,
          ExitCodes.BAD_USAGE);
    }
    if (m.name().isPresent()) {
      if (override.isPresent() && !override.get().equals(m.name().get())) {
        d.add(
            Diagnostic.Severity.WARNING,
            1,
            1,
            "name",
            "the file sets name: "
                + m.name().get()
                + ", so --name "
                + override.get()
                + " is not used",
            "remove name: from the file to choose the name on the command line");
      }
      return m.name().get();
    }
    if (override.isPresent()) {
      return override.get();
    }
    Path dirName = dir.getFileName();
    return DeploymentNames.fromDirectory(dirName == null ? "" : dirName.toString())
        .orElseThrow(
            () ->
                new UserError(
                    "cannot derive a deployment name from the directory "
                        + dir
                        + "; set name: in the file or pass --name"));
  }

  private static Map<String, byte[]> readFiles(
      Manifest m, Map<String, Service> active, Path dir, Diagnostics d) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    List<Map.Entry<String, FileDef>> used = new ArrayList<>();
    for (Service s : active.values()) {
      for (FileRef r : s.secrets()) {
        Optional.ofNullable(m.secrets().get(r.source()))
            .ifPresent(f -> used.add(Map.entry("secrets." + r.source(), f)));
      }
      for (FileRef r : s.configs()) {
        Optional.ofNullable(m.configs().get(r.source()))
            .ifPresent(f -> used.add(Map.entry("configs." + r.source(), f)));
      }
    }
    for (Map.Entry<String, FileDef> e : used) {
      FileDef f = e.getValue();
      if (out.containsKey(f.file())) {
        continue;
      }
      Path p = dir.resolve(f.file()).normalize();
      try {
        out.put(f.file(), Files.readAllBytes(p));
      } catch (IOException ex) {
        d.add(
            Diagnostic.Severity.ERROR,
            f.position().line(),
            f.position().column(),
            e.getKey() + ".file",
            "cannot read " + NodeReader.quote(f.file()) + " (" + p + ")",
            "create the file or fix the path (relative paths start at the manifest's directory)");
      }
    }
    return out;
  }

  private static String read(Path p, String name) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UserError("cannot read " + name + ": " + e.getMessage() + "; check the file", e);
    }
  }

  private static Optional<String> readOptional(Path p) {
    try {
      return Files.isRegularFile(p)
          ? Optional.of(Files.readString(p, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
