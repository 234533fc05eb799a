package dev.banyan.common.manifest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A manifest found, interpolated and validated on the operator's machine: the normalized text (what
 * {@code config} prints and {@link DeploymentCompiler#compile} accepts), the contents of the files
 * its secrets and configs name (keyed by the {@code file:} path as written) and its warnings.
 */
public record LoadedManifest(
    String deploymentName,
    String normalizedYaml,
    String sourceName,
    Path file,
    Map<String, byte[]> files,
    List<String> warnings) {
  public LoadedManifest {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    warnings = List.copyOf(warnings);
  }
}
