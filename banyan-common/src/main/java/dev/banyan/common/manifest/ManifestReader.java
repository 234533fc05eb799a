package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.quote;

import dev.banyan.common.manifest.model.FileDef;
import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.NetworkDef;
import dev.banyan.common.manifest.model.Position;
import dev.banyan.common.manifest.model.Service;
import dev.banyan.common.manifest.model.VolumeDef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the top level of a manifest tree into a {@link Manifest}. */
final class ManifestReader {
  private final NodeReader r;
  private final ReadContext ctx;

  ManifestReader(Diagnostics d, ReadContext ctx) {
    this.r = new NodeReader(d);
    this.ctx = ctx;
  }

  Optional<Manifest> read(YNode root) {
    Optional<YNode.Mapping> top = r.mapping(root, "");
    if (top.isEmpty()) {
      return Optional.empty();
    }
    YNode.Mapping m = top.get();
    r.checkKeys(m, "", KeyCatalog.TOP_LEVEL);
    Optional<String> name = Optional.empty();
    if (m.get("name") != null) {
      name = r.string(m.get("name"), "name");
      name.filter(n -> !DeploymentNames.isValid(n))
          .ifPresent(
              n ->
                  r.error(
                      m.get("name"),
                      "name",
                      quote(n) + " is not a valid deployment name",
                      DeploymentNames.RULE));
    }
    YNode servicesNode = m.get("services");
    Map<String, Service> services = new LinkedHashMap<>();
    if (servicesNode == null
        || (servicesNode instanceof YNode.Mapping sm && sm.entries().isEmpty())) {
      YNode at = servicesNode == null ? m : servicesNode;
      r.error(
          at,
          "services",
          "the manifest defines no services",
          "add services: with at least one service");
    } else {
      ServiceReader services0 = new ServiceReader(r, ctx);
      r.mappingOrNull(servicesNode, "services")
          .ifPresent(
              sm -> {
                for (YNode.Entry e : sm.entries().values()) {
                  if (!e.key().startsWith("x-")) {
                    services0.read(e).ifPresent(s -> services.put(s.name(), s));
                  }
                }
              });
    }
    Map<String, NetworkDef> networks = definitions(m, "networks", this::network);
    Map<String, VolumeDef> volumes = definitions(m, "volumes", this::volume);
    Map<String, FileDef> secrets = definitions(m, "secrets", this::fileDef);
    Map<String, FileDef> configs = definitions(m, "configs", this::fileDef);
    return Optional.of(new Manifest(name, services, networks, volumes, secrets, configs));
  }

  private interface DefReader<T> {
    Optional<T> read(YNode.Mapping m, YNode.Entry e, String path);
  }

  private <T> Map<String, T> definitions(YNode.Mapping top, String key, DefReader<T> reader) {
    YNode n = top.get(key);
    if (n == null) {
      return Map.of();
    }
    return r.eachEntry(
        n, key, (e, p) -> r.mappingOrNull(e.value(), p).flatMap(m -> reader.read(m, e, p)));
  }

  private Optional<NetworkDef> network(YNode.Mapping m, YNode.Entry e, String path) {
    r.checkKeys(m, path, KeyCatalog.NETWORK_DEF);
    if (!e.key().equals("default")) {
      r.d.add(
          Diagnostic.Severity.WARNING,
          e.line(),
          e.column(),
          path,
          "parsed but not acted on as isolation: all services share Banyan's VPC network, so \""
              + e.key()
              + "\" does not separate them (its aliases still apply)",
          "rely on it for aliases only");
    }
    return Optional.of(
        new NetworkDef(
            external(m, path), optString(m, "name", path), optString(m, "driver", path)));
  }

  private Optional<VolumeDef> volume(YNode.Mapping m, YNode.Entry e, String path) {
    r.checkKeys(m, path, KeyCatalog.VOLUME_DEF);
    return Optional.of(
        new VolumeDef(external(m, path), optString(m, "name", path), optString(m, "driver", path)));
  }

  private Optional<FileDef> fileDef(YNode.Mapping m, YNode.Entry e, String path) {
    r.checkKeys(m, path, KeyCatalog.FILE_DEF);
    YNode file = m.get("file");
    if (file == null) {
      if (m.get("external") == null && m.get("environment") == null && m.get("content") == null) {
        r.d.add(
            Diagnostic.Severity.ERROR,
            e.line(),
            e.column(),
            path,
            "no file: given",
            "add file: ./path/to/" + e.key());
      }
      return Optional.empty();
    }
    return r.string(file, child(path, "file"))
        .map(f -> new FileDef(f, new Position(file.line(), file.column())));
  }

  private boolean external(YNode.Mapping m, String path) {
    YNode n = m.get("external");
    return n != null && r.bool(n, child(path, "external")).orElse(false);
  }

  private Optional<String> optString(YNode.Mapping m, String key, String path) {
    YNode n = m.get(key);
    return n == null ? Optional.empty() : r.string(n, child(path, key));
  }
}
