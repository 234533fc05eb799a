package dev.banyan.common.manifest;

import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.Service;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The steps shared by the loader and the compiler: YAML → (interpolate) → read → validate. */
final class ManifestPipeline {
  private ManifestPipeline() {}

  /** The outcome of the steps; {@code manifest} is empty when the text was not even a mapping. */
  record Result(
      Optional<Manifest> manifest, Map<String, Service> active, Diagnostics diagnostics) {}

  static Result run(
      String text,
      String sourceName,
      Optional<Interpolator> interpolator,
      ReadContext ctx,
      Optional<Set<String>> profiles) {
    Diagnostics d = new Diagnostics(sourceName);
    Optional<YNode> tree = YamlTreeLoader.load(text, d);
    if (tree.isEmpty()) {
      return new Result(Optional.empty(), Map.of(), d);
    }
    YNode root = tree.get();
    if (interpolator.isPresent()) {
      root = new TreeInterpolator(interpolator.get(), d).apply(root, "");
    }
    Optional<Manifest> manifest = new ManifestReader(d, ctx).read(root);
    if (manifest.isEmpty()) {
      return new Result(Optional.empty(), Map.of(), d);
    }
    Map<String, Service> active = ManifestValidator.active(manifest.get(), profiles);
    new ManifestValidator(d).validate(manifest.get(), active);
    return new Result(manifest, active, d);
  }
}
