package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.quote;

import dev.banyan.common.manifest.model.ServiceVolume;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a service's {@code volumes:} entries (short {@code SOURCE:TARGET[:MODE]} and long form);
 * relative bind sources become absolute against the manifest's directory.
 */
final class MountReader {
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  private static final Set<String> MODES =
      Set.of("ro", "rw", "z", "Z", "nocopy", "consistent", "cached", "delegated");

  private final NodeReader r;
  private final ReadContext ctx;

  MountReader(NodeReader r, ReadContext ctx) {
    this.r = r;
    this.ctx = ctx;
  }

  Optional<ServiceVolume> read(YNode item, String path) {
    if (item instanceof YNode.Mapping m) {
      return readLong(m, path);
    }
    return r.string(item, path).flatMap(s -> readShort(s, item, path));
  }

  private Optional<ServiceVolume> readShort(String spec, YNode at, String path) {
    String[] parts = spec.split(":", -1);
    if (parts.length > 3 || parts.length == 0) {
      return r.error(
          at, path, quote(spec) + " is not a volume mapping", "expected [SOURCE:]TARGET[:MODE]");
    }
    if (parts.length == 1) {
      return target(parts[0], at, path)
          .map(t -> new ServiceVolume(ServiceVolume.Type.VOLUME, "", t, false));
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      for (String mode : parts[2].split(",", -1)) {
        if (!MODES.contains(mode)) {
          return r.error(
              at,
              path,
              quote(spec) + " has unknown mode " + quote(mode),
              "use ro or rw (plus z or Z)");
        }
        readOnly |= mode.equals("ro");
      }
    }
    boolean ro = readOnly;
    Optional<String> target = target(parts[1], at, path);
    Optional<ServiceVolume> source = source(parts[0], at, path);
    if (target.isEmpty() || source.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceVolume(source.get().type(), source.get().source(), target.get(), ro));
  }

  private Optional<ServiceVolume> readLong(YNode.Mapping m, String path) {
    r.checkKeys(m, path, KeyCatalog.VOLUME_MOUNT);
    YNode typeNode = m.get("type");
    YNode targetNode = m.get("target");
    if (typeNode == null || targetNode == null) {
      return r.error(
          m,
          path,
          "the long form needs type and target",
          "add type: volume|bind|tmpfs and target: /path");
    }
    Optional<String> type = r.string(typeNode, child(path, "type"));
    Optional<String> target =
        r.string(targetNode, child(path, "target"))
            .flatMap(t -> target(t, targetNode, child(path, "target")));
    boolean readOnly =
        m.get("read_only") == null
            ? false
            : r.bool(m.get("read_only"), child(path, "read_only")).orElse(false);
    if (type.isEmpty() || target.isEmpty()) {
      return Optional.empty();
    }
    YNode sourceNode = m.get("source");
    Optional<String> source =
        sourceNode == null ? Optional.empty() : r.string(sourceNode, child(path, "source"));
    switch (type.get()) {
      case "tmpfs" -> {
        return Optional.of(new ServiceVolume(ServiceVolume.Type.TMPFS, "", target.get(), readOnly));
      }
      case "volume" -> {
        String name = source.orElse("");
        if (!name.isEmpty() && !VOLUME_NAME.matcher(name).matches()) {
          return r.error(
              sourceNode,
              child(path, "source"),
              quote(name) + " is not a volume name",
              "use letters, digits, '_', '.' and '-', or type: bind for a host path");
        }
        return Optional.of(
            new ServiceVolume(ServiceVolume.Type.VOLUME, name, target.get(), readOnly));
      }
      case "bind" -> {
        if (source.isEmpty()) {
          return r.error(m, path, "a bind mount needs source", "add source: ./host/path");
        }
        return bindPath(source.get(), sourceNode, child(path, "source"))
            .map(p -> new ServiceVolume(ServiceVolume.Type.BIND, p, target.get(), readOnly));
      }
      default -> {
        return r.error(
            typeNode,
            child(path, "type"),
            quote(type.get()) + " is not a supported volume type",
            "use volume, bind or tmpfs");
      }
    }
  }

  private Optional<ServiceVolume> source(String s, YNode at, String path) {
    if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~")) {
      return bindPath(s, at, path)
          .map(p -> new ServiceVolume(ServiceVolume.Type.BIND, p, "", false));
    }
    if (!VOLUME_NAME.matcher(s).matches()) {
      return r.error(
          at,
          path,
          quote(s) + " is neither a volume name nor a path",
          "start host paths with ./, / or ~/; volume names use letters, digits, '_', '.' and '-'");
    }
    return Optional.of(new ServiceVolume(ServiceVolume.Type.VOLUME, s, "", false));
  }

  private Optional<String> target(String t, YNode at, String path) {
    if (!t.startsWith("/")) {
      return r.error(
          at, path, "the container path " + quote(t) + " is not absolute", "start it with /");
    }
    return Optional.of(t);
  }

  /** An absolute host path; relative ones need the manifest's directory. */
  private Optional<String> bindPath(String s, YNode at, String path) {
    if (s.startsWith("~")) {
      String home = ctx.environment().get("HOME");
      if (home == null || !(s.equals("~") || s.startsWith("~/"))) {
        return r.error(
            at, path, "cannot expand " + quote(s) + " without HOME", "write an absolute path");
      }
      return Optional.of(Path.of(home + s.substring(1)).normalize().toString());
    }
    if (s.startsWith("/")) {
      return Optional.of(Path.of(s).normalize().toString());
    }
    if (ctx.baseDir().isEmpty()) {
      return r.error(
          at,
          path,
          "the bind source " + quote(s) + " is relative",
          "run the file through banyan-cli config, which makes it absolute");
    }
    return Optional.of(ctx.baseDir().get().resolve(s).normalize().toString());
  }
}
