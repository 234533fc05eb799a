package dev.banyan.common.manifest;

import dev.banyan.common.manifest.model.Build;
import dev.banyan.common.manifest.model.Dependency;
import dev.banyan.common.manifest.model.Deploy;
import dev.banyan.common.manifest.model.FileDef;
import dev.banyan.common.manifest.model.FileRef;
import dev.banyan.common.manifest.model.Healthcheck;
import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.NetworkDef;
import dev.banyan.common.manifest.model.Port;
import dev.banyan.common.manifest.model.ResourceSpec;
import dev.banyan.common.manifest.model.RestartPolicy;
import dev.banyan.common.manifest.model.Service;
import dev.banyan.common.manifest.model.ServiceVolume;
import dev.banyan.common.manifest.model.Ulimit;
import dev.banyan.common.manifest.model.VolumeDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Prints a manifest in normalized form, as {@code docker compose config} does: long forms, keys
 * sorted, durations in Go form, sizes in bytes. The output reads back to an equal manifest.
 */
final class ManifestWriter {
  private static final String SECRET_MODE = "0400";
  private static final String CONFIG_MODE = "0444";

  private ManifestWriter() {}

  static String write(String deploymentName, Manifest m, Map<String, Service> active) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", deploymentName);
    Map<String, Object> services = new LinkedHashMap<>();
    active.forEach((name, s) -> services.put(name, service(s)));
    root.put("services", services);
    if (!m.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      m.networks().forEach((k, v) -> nets.put(k, network(v)));
      root.put("networks", nets);
    }
    if (!m.volumes().isEmpty()) {
      Map<String, Object> vols = new LinkedHashMap<>();
      m.volumes().forEach((k, v) -> vols.put(k, volume(v)));
      root.put("volumes", vols);
    }
    putFiles(root, "secrets", m.secrets());
    putFiles(root, "configs", m.configs());
    DumpSettings settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(Integer.MAX_VALUE)
            .build();
    return new Dump(settings).dumpToString(root);
  }

  private static void putFiles(Map<String, Object> root, String key, Map<String, FileDef> defs) {
    if (!defs.isEmpty()) {
      Map<String, Object> out = new LinkedHashMap<>();
      defs.forEach((k, v) -> out.put(k, Map.of("file", v.file())));
      root.put(key, out);
    }
  }

  private static Map<String, Object> network(NetworkDef n) {
    Map<String, Object> out = new TreeMap<>();
    n.driver().ifPresent(v -> out.put("driver", v));
    if (n.external()) {
      out.put("external", true);
    }
    n.name().ifPresent(v -> out.put("name", v));
    return out;
  }

  private static Map<String, Object> volume(VolumeDef v) {
    Map<String, Object> out = new TreeMap<>();
    v.driver().ifPresent(x -> out.put("driver", x));
    if (v.external()) {
      out.put("external", true);
    }
    v.name().ifPresent(x -> out.put("name", x));
    return out;
  }

  private static Map<String, Object> service(Service s) {
    Map<String, Object> out = new TreeMap<>(s.notActedOn());
    s.build().ifPresent(b -> out.put("build", build(b)));
    putList(out, "cap_add", s.capAdd());
    putList(out, "cap_drop", s.capDrop());
    s.command().ifPresent(c -> out.put("command", c));
    putList(out, "configs", files(s.configs(), "/", CONFIG_MODE));
    s.cpus().ifPresent(c -> out.put("cpus", c));
    if (!s.dependsOn().isEmpty()) {
      Map<String, Object> deps = new LinkedHashMap<>();
      for (Dependency d : s.dependsOn()) {
        deps.put(
            d.service(),
            ordered("condition", d.condition().composeName(), "required", d.required()));
      }
      out.put("depends_on", deps);
    }
    s.deploy().ifPresent(d -> out.put("deploy", deploy(d)));
    putList(out, "dns", s.dns());
    s.entrypoint().ifPresent(e -> out.put("entrypoint", e));
    if (!s.environment().isEmpty()) {
      out.put("environment", new TreeMap<>(s.environment()));
    }
    putList(out, "expose", s.expose());
    putList(out, "extra_hosts", s.extraHosts());
    s.healthcheck().ifPresent(h -> out.put("healthcheck", healthcheck(h)));
    s.hostname().ifPresent(v -> out.put("hostname", v));
    s.image().ifPresent(v -> out.put("image", v));
    s.init().ifPresent(v -> out.put("init", v));
    if (!s.labels().isEmpty()) {
      out.put("labels", new TreeMap<>(s.labels()));
    }
    s.logging()
        .ifPresent(
            l -> {
              Map<String, Object> lo = new LinkedHashMap<>();
              l.driver().ifPresent(v -> lo.put("driver", v));
              if (!l.options().isEmpty()) {
                lo.put("options", new TreeMap<>(l.options()));
              }
              out.put("logging", lo);
            });
    s.memLimit().ifPresent(v -> out.put("mem_limit", v));
    s.memReservation().ifPresent(v -> out.put("mem_reservation", v));
    s.memory().ifPresent(v -> out.put("memory", v));
    if (!s.networks().isEmpty()) {
      Map<String, Object> nets = new LinkedHashMap<>();
      s.networks()
          .forEach(
              (k, aliases) ->
                  nets.put(k, aliases.isEmpty() ? Map.of() : Map.of("aliases", aliases)));
      out.put("networks", nets);
    }
    List<Object> ports = new ArrayList<>();
    for (Port p : s.ports()) {
      Map<String, Object> po = new LinkedHashMap<>();
      po.put("target", p.target());
      if (p.published() != 0) {
        po.put("published", String.valueOf(p.published()));
      }
      if (!p.hostIp().isEmpty()) {
        po.put("host_ip", p.hostIp());
      }
      po.put("protocol", p.protocol());
      ports.add(po);
    }
    putList(out, "ports", ports);
    s.privileged().ifPresent(v -> out.put("privileged", v));
    putList(out, "profiles", s.profiles());
    s.restart()
        .ifPresent(
            r -> out.put("restart", r.condition() + r.maxAttempts().map(n -> ":" + n).orElse("")));
    putList(out, "secrets", files(s.secrets(), "/run/secrets/", SECRET_MODE));
    s.stopGracePeriod().ifPresent(v -> out.put("stop_grace_period", Durations.format(v)));
    s.stopSignal().ifPresent(v -> out.put("stop_signal", v));
    putList(out, "tmpfs", s.tmpfs());
    if (!s.ulimits().isEmpty()) {
      Map<String, Object> ul = new LinkedHashMap<>();
      for (Ulimit u : s.ulimits()) {
        ul.put(u.name(), ordered("soft", u.soft(), "hard", u.hard()));
      }
      out.put("ulimits", ul);
    }
    s.user().ifPresent(v -> out.put("user", v));
    List<Object> vols = new ArrayList<>();
    for (ServiceVolume v : s.volumes()) {
      Map<String, Object> vo = new LinkedHashMap<>();
      vo.put("type", v.type().composeName());
      if (!v.source().isEmpty()) {
        vo.put("source", v.source());
      }
      vo.put("target", v.target());
      if (v.readOnly()) {
        vo.put("read_only", true);
      }
      vols.add(vo);
    }
    putList(out, "volumes", vols);
    s.workingDir().ifPresent(v -> out.put("working_dir", v));
    return out;
  }

  private static Map<String, Object> build(Build b) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("context", b.context());
    b.dockerfile().ifPresent(v -> out.put("dockerfile", v));
    if (!b.args().isEmpty()) {
      out.put("args", new TreeMap<>(b.args()));
    }
    b.target().ifPresent(v -> out.put("target", v));
    return out;
  }

  private static List<Object> files(List<FileRef> refs, String defaultDir, String defaultMode) {
    List<Object> out = new ArrayList<>();
    for (FileRef r : refs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", r.source());
      m.put("target", target(r, defaultDir));
      m.put("mode", r.mode().map(ManifestWriter::octal).orElse(defaultMode));
      out.add(m);
    }
    return out;
  }

  /** Where a secret or config appears: relative targets are placed under {@code defaultDir}. */
  static String target(FileRef r, String defaultDir) {
    String t = r.target().orElse(r.source());
    return t.startsWith("/") ? t : defaultDir + t;
  }

  static String octal(int mode) {
    return String.format("0%o", mode);
  }

  private static Map<String, Object> deploy(Deploy d) {
    Map<String, Object> out = new TreeMap<>(d.notActedOn());
    d.replicas().ifPresent(v -> out.put("replicas", v));
    Map<String, Object> res = new LinkedHashMap<>();
    putResources(res, "limits", d.limits());
    putResources(res, "reservations", d.reservations());
    if (!res.isEmpty()) {
      out.put("resources", res);
    }
    d.restartPolicy().ifPresent(r -> out.put("restart_policy", restartPolicy(r)));
    if (!d.constraints().isEmpty()) {
      out.put("placement", Map.of("constraints", d.constraints()));
    }
    return out;
  }

  private static void putResources(Map<String, Object> into, String key, ResourceSpec r) {
    if (!r.isEmpty()) {
      Map<String, Object> m = new LinkedHashMap<>();
      r.cpus().ifPresent(v -> m.put("cpus", v));
      r.memoryBytes().ifPresent(v -> m.put("memory", v));
      into.put(key, m);
    }
  }

  private static Map<String, Object> restartPolicy(RestartPolicy r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("condition", r.condition());
    r.delay().ifPresent(v -> m.put("delay", Durations.format(v)));
    r.maxAttempts().ifPresent(v -> m.put("max_attempts", v));
    r.window().ifPresent(v -> m.put("window", Durations.format(v)));
    return m;
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    Map<String, Object> m = new LinkedHashMap<>();
    h.test().ifPresent(v -> m.put("test", v));
    putDuration(m, "interval", h.interval());
    putDuration(m, "timeout", h.timeout());
    h.retries().ifPresent(v -> m.put("retries", v));
    putDuration(m, "start_period", h.startPeriod());
    putDuration(m, "start_interval", h.startInterval());
    if (h.disable()) {
      m.put("disable", true);
    }
    return m;
  }

  private static void putDuration(Map<String, Object> m, String key, Optional<Duration> d) {
    d.ifPresent(v -> m.put(key, Durations.format(v)));
  }

  private static void putList(Map<String, Object> m, String key, List<?> list) {
    if (!list.isEmpty()) {
      m.put(key, list);
    }
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
