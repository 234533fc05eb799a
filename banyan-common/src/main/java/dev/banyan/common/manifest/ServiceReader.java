package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.index;
import static dev.banyan.common.manifest.NodeReader.quote;

import dev.banyan.common.manifest.model.Build;
import dev.banyan.common.manifest.model.Dependency;
import dev.banyan.common.manifest.model.Deploy;
import dev.banyan.common.manifest.model.FileRef;
import dev.banyan.common.manifest.model.Healthcheck;
import dev.banyan.common.manifest.model.Logging;
import dev.banyan.common.manifest.model.Port;
import dev.banyan.common.manifest.model.Position;
import dev.banyan.common.manifest.model.ResourceSpec;
import dev.banyan.common.manifest.model.RestartPolicy;
import dev.banyan.common.manifest.model.Service;
import dev.banyan.common.manifest.model.ServiceVolume;
import dev.banyan.common.manifest.model.Ulimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads one entry of {@code services:} into a {@link Service}, reporting every problem found. */
final class ServiceReader {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern PROFILE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final NodeReader r;
  private final ReadContext ctx;
  private final PortReader ports;
  private final MountReader mounts;
  private final DeployReader deploys;

  ServiceReader(NodeReader r, ReadContext ctx) {
    this.r = r;
    this.ctx = ctx;
    this.ports = new PortReader(r);
    this.mounts = new MountReader(r, ctx);
    this.deploys = new DeployReader(r);
  }

  Optional<Service> read(YNode.Entry entry) {
    String name = entry.key();
    String path = child("services", name);
    if (!NAME.matcher(name).matches()) {
      r.d.add(
          Diagnostic.Severity.ERROR,
          entry.line(),
          entry.column(),
          path,
          quote(name) + " is not a valid service name",
          "use up to 63 lowercase letters, digits, '-' and '_', starting with a letter or digit");
    }
    Optional<YNode.Mapping> mapping = r.mappingOrNull(entry.value(), path);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    YNode.Mapping m = mapping.get();
    r.checkKeys(m, path, KeyCatalog.SERVICE);

    Optional<String> image = Optional.empty();
    Optional<Build> build = Optional.empty();
    Optional<List<String>> command = Optional.empty();
    Optional<List<String>> entrypoint = Optional.empty();
    Map<String, Optional<String>> envRaw = new LinkedHashMap<>();
    Map<String, String> fromEnvFiles = new LinkedHashMap<>();
    List<Port> portList = new ArrayList<>();
    List<String> expose = new ArrayList<>();
    List<ServiceVolume> volumes = new ArrayList<>();
    List<Dependency> dependsOn = new ArrayList<>();
    Optional<Healthcheck> healthcheck = Optional.empty();
    Optional<RestartPolicy> restart = Optional.empty();
    Optional<Deploy> deploy = Optional.empty();
    Optional<Integer> scale = Optional.empty();
    Optional<Double> cpus = Optional.empty();
    Optional<Long> memLimit = Optional.empty();
    Optional<Long> memReservation = Optional.empty();
    Optional<Long> memory = Optional.empty();
    Map<String, String> labels = new TreeMap<>();
    Map<String, Optional<String>> strings = new LinkedHashMap<>();
    Optional<Duration> stopGrace = Optional.empty();
    Map<String, List<String>> networks = new LinkedHashMap<>();
    List<FileRef> secrets = new ArrayList<>();
    List<FileRef> configs = new ArrayList<>();
    List<Ulimit> ulimits = new ArrayList<>();
    List<String> capAdd = new ArrayList<>();
    List<String> capDrop = new ArrayList<>();
    Optional<Boolean> privileged = Optional.empty();
    Optional<Boolean> init = Optional.empty();
    List<String> tmpfs = new ArrayList<>();
    List<String> extraHosts = new ArrayList<>();
    List<String> dns = new ArrayList<>();
    Optional<Logging> logging = Optional.empty();
    List<String> profiles = new ArrayList<>();
    Map<String, Object> notActed = new TreeMap<>();

    for (YNode.Entry e : m.entries().values()) {
      String key = e.key();
      String at = child(path, key);
      YNode v = e.value();
      KeyRule rule = KeyCatalog.SERVICE.get(key);
      if (key.equals("x-banyan")) {
        xBanyan(v, at);
        continue;
      }
      if (rule == null || rule.kind() == KeyRule.Kind.REJECTED) {
        continue; // already reported by checkKeys (x-* extensions are allowed and unused)
      }
      if (rule.kind() == KeyRule.Kind.NOT_ACTED) {
        notActed.put(key, PlainValues.of(v));
        continue;
      }
      switch (key) {
        case "image" -> image = r.string(v, at).filter(s -> checkImage(s, v, at));
        case "build" -> build = build(v, at);
        case "command" -> command = argv(v, at);
        case "entrypoint" -> entrypoint = argv(v, at);
        case "environment" -> envRaw.putAll(r.keyValues(v, at));
        case "env_file" -> fromEnvFiles.putAll(envFiles(v, at));
        case "ports" -> eachItem(v, at, (item, p) -> portList.addAll(ports.read(item, p)));
        case "expose" ->
            eachItem(
                v,
                at,
                (item, p) ->
                    r.string(item, p)
                        .ifPresent(
                            s -> {
                              String port = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
                              if (PortReader.range(port).isEmpty()) {
                                r.error(
                                    item,
                                    p,
                                    quote(s) + " is not a port",
                                    "write e.g. 8080 or 8080/udp");
                              } else {
                                expose.add(s);
                              }
                            }));
        case "volumes" ->
            eachItem(v, at, (item, p) -> mounts.read(item, p).ifPresent(volumes::add));
        case "depends_on" -> dependsOn.addAll(dependsOn(v, at));
        case "healthcheck" -> healthcheck = deploys.healthcheck(v, at);
        case "restart" -> restart = deploys.restart(v, at);
        case "deploy" -> deploy = deploys.deploy(v, at);
        case "scale" -> scale = r.integer(v, at, 0);
        case "cpus" -> cpus = r.cpus(v, at);
        case "mem_limit" -> memLimit = r.bytes(v, at);
        case "mem_reservation" -> memReservation = r.bytes(v, at);
        case "memory" -> memory = r.bytes(v, at);
        case "labels" -> r.keyValues(v, at).forEach((k, val) -> labels.put(k, val.orElse("")));
        case "hostname", "user", "working_dir", "stop_signal" -> strings.put(key, r.string(v, at));
        case "stop_grace_period" -> stopGrace = r.duration(v, at);
        case "networks" -> networks.putAll(networks(v, at));
        case "secrets" -> secrets.addAll(fileRefs(v, at));
        case "configs" -> configs.addAll(fileRefs(v, at));
        case "ulimits" -> ulimits.addAll(ulimits(v, at));
        case "cap_add" -> capAdd.addAll(r.stringList(v, at));
        case "cap_drop" -> capDrop.addAll(r.stringList(v, at));
        case "privileged" -> privileged = r.bool(v, at);
        case "init" -> init = r.bool(v, at);
        case "tmpfs" -> tmpfs.addAll(tmpfs(v, at));
        case "extra_hosts" -> extraHosts.addAll(extraHosts(v, at));
        case "dns" -> dns.addAll(r.stringOrList(v, at));
        case "logging" -> logging = logging(v, at);
        case "profiles" -> profiles.addAll(profiles(v, at));
        default -> throw new IllegalStateException("no reader for acted-on key " + key);
      }
    }

    Map<String, String> environment = new TreeMap<>(fromEnvFiles);
    envRaw.forEach(
        (k, val) -> {
          Optional<String> resolved = val.or(() -> Optional.ofNullable(ctx.environment().get(k)));
          if (resolved.isPresent()) {
            environment.put(k, resolved.get());
          } else {
            environment.remove(k);
          }
        });
    if (scale.isPresent()) {
      Deploy d =
          deploy.orElse(
              new Deploy(
                  Optional.empty(),
                  ResourceSpec.NONE,
                  ResourceSpec.NONE,
                  Optional.empty(),
                  List.of(),
                  Map.of()));
      if (d.replicas().isPresent()) {
        r.error(
            m.get("scale"),
            child(path, "scale"),
            "scale and deploy.replicas are both set",
            "keep deploy.replicas");
      } else {
        deploy =
            Optional.of(
                new Deploy(
                    scale,
                    d.limits(),
                    d.reservations(),
                    d.restartPolicy(),
                    d.constraints(),
                    d.notActedOn()));
      }
    }
    checkImageAndBuild(entry, path, image, build);
    return Optional.of(
        new Service(
            name,
            new Position(entry.line(), entry.column()),
            image,
            build,
            command,
            entrypoint,
            environment,
            portList,
            expose,
            volumes,
            dependsOn,
            healthcheck,
            restart,
            deploy,
            cpus,
            memLimit,
            memReservation,
            memory,
            labels,
            strings.getOrDefault("hostname", Optional.empty()),
            strings.getOrDefault("user", Optional.empty()),
            strings.getOrDefault("working_dir", Optional.empty()),
            strings.getOrDefault("stop_signal", Optional.empty()),
            stopGrace,
            networks,
            secrets,
            configs,
            ulimits,
            capAdd,
            capDrop,
            privileged,
            init,
            tmpfs,
            extraHosts,
            dns,
            logging,
            profiles,
            notActed));
  }

  private void checkImageAndBuild(
      YNode.Entry entry, String path, Optional<String> image, Optional<Build> build) {
    if (image.isPresent() && build.isPresent()) {
      YNode.Entry b = ((YNode.Mapping) entry.value()).entries().get("build");
      r.d.add(
          Diagnostic.Severity.WARNING,
          b.line(),
          b.column(),
          child(path, "build"),
          "Banyan runs the image " + quote(image.get()) + " and ignores build",
          "build and push the image before deploying");
    } else if (build.isPresent()) {
      r.d.add(
          Diagnostic.Severity.ERROR,
          entry.line(),
          entry.column(),
          path,
          "build without image is not supported yet: Banyan has no registry to ship a built image"
              + " to other nodes",
          "build and push the image yourself and set image: NAME[:TAG]");
    } else if (image.isEmpty()
        && !(entry.value() instanceof YNode.Mapping mm && mm.get("image") != null)) {
      r.d.add(
          Diagnostic.Severity.ERROR,
          entry.line(),
          entry.column(),
          path,
          "the service has neither image nor build",
          "add image: NAME[:TAG]");
    }
  }

  private boolean checkImage(String s, YNode v, String at) {
    if (s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
      r.error(
          v,
          at,
          quote(s) + " is not an image reference",
          "write e.g. nginx:1.27 or registry.example.com/app:1.0");
      return false;
    }
    return true;
  }

  private void xBanyan(YNode v, String at) {
    r.mappingOrNull(v, at)
        .ifPresent(
            m -> {
              for (YNode.Entry e : m.entries().values()) {
                r.d.add(
                    Diagnostic.Severity.WARNING,
                    e.line(),
                    e.column(),
                    child(at, e.key()),
                    "parsed but not acted on: no Banyan extension keys are defined yet",
                    "remove it to silence this warning");
              }
            });
  }

  private void eachItem(YNode v, String at, java.util.function.BiConsumer<YNode, String> each) {
    if (!(v instanceof YNode.Sequence seq)) {
      r.wrongKind(v, at, "a list");
      return;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      each.accept(seq.items().get(i), index(at, i));
    }
  }

  private Optional<Build> build(YNode v, String at) {
    if (v instanceof YNode.Scalar s && !s.isNull()) {
      return Optional.of(
          new Build(contextPath(s.text()), Optional.empty(), Map.of(), Optional.empty()));
    }
    Optional<YNode.Mapping> m = r.mapping(v, at);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    r.checkKeys(m.get(), at, KeyCatalog.BUILD);
    YNode ctxNode = m.get().get("context");
    String context = ctxNode == null ? "." : r.string(ctxNode, child(at, "context")).orElse(".");
    YNode df = m.get().get("dockerfile");
    YNode target = m.get().get("target");
    YNode args = m.get().get("args");
    Map<String, String> argMap = new TreeMap<>();
    if (args != null) {
      r.keyValues(args, child(at, "args")).forEach((k, val) -> argMap.put(k, val.orElse("")));
    }
    return Optional.of(
        new Build(
            contextPath(context),
            df == null ? Optional.empty() : r.string(df, child(at, "dockerfile")),
            argMap,
            target == null ? Optional.empty() : r.string(target, child(at, "target"))));
  }

  private String contextPath(String context) {
    if (context.contains("://") || context.startsWith("/") || ctx.baseDir().isEmpty()) {
      return context;
    }
    return ctx.baseDir().get().resolve(context).normalize().toString();
  }

  private Optional<List<String>> argv(YNode v, String at) {
    if (v instanceof YNode.Scalar s && !s.isNull()) {
      Optional<List<String>> words = ShellWords.split(s.text());
      if (words.isEmpty()) {
        return r.error(
            v,
            at,
            "the command has an unclosed quote",
            "close the quote or write the command as a list");
      }
      return words;
    }
    if (v instanceof YNode.Scalar) {
      return Optional.empty(); // "command:" with no value means "not set"
    }
    if (!(v instanceof YNode.Sequence)) {
      return r.wrongKind(v, at, "a string or a list");
    }
    return Optional.of(r.stringList(v, at));
  }

  private Map<String, String> envFiles(YNode v, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    List<YNode> items = v instanceof YNode.Sequence seq ? seq.items() : List.of(v);
    for (int i = 0; i < items.size(); i++) {
      YNode item = items.get(i);
      String p = v instanceof YNode.Sequence ? index(at, i) : at;
      Optional<String> file;
      boolean required = true;
      if (item instanceof YNode.Mapping m) {
        r.checkKeys(
            m,
            p,
            Map.of("path", KeyRule.ACTED, "required", KeyRule.ACTED, "format", KeyRule.ACTED));
        file =
            m.get("path") == null
                ? r.error(m, p, "the long form needs path", "add path: ./file.env")
                : r.string(m.get("path"), child(p, "path"));
        required =
            m.get("required") == null
                || r.bool(m.get("required"), child(p, "required")).orElse(true);
      } else {
        file = r.string(item, p);
      }
      if (file.isEmpty()) {
        continue;
      }
      Optional<String> content = ctx.envFiles().apply(file.get());
      if (content.isEmpty()) {
        if (required) {
          r.error(
              item,
              p,
              "the env file " + quote(file.get()) + " was not found",
              "create it or set required: false");
        }
        continue;
      }
      try {
        out.putAll(DotEnv.parse(content.get(), file.get(), ctx.environment()));
      } catch (ManifestException e) {
        e.errors()
            .forEach(line -> r.error(item, p, "bad line in env file: " + line, "fix the env file"));
      }
    }
    return out;
  }

  private List<Dependency> dependsOn(YNode v, String at) {
    List<Dependency> out = new ArrayList<>();
    if (v instanceof YNode.Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        YNode item = seq.items().get(i);
        r.string(item, index(at, i))
            .ifPresent(
                s ->
                    out.add(
                        new Dependency(s, Dependency.Condition.SERVICE_STARTED, true, pos(item))));
      }
      return out;
    }
    r.eachEntry(
            v,
            at,
            (e, p) -> {
              Optional<YNode.Mapping> m = r.mappingOrNull(e.value(), p);
              if (m.isEmpty()) {
                return Optional.<Dependency>empty();
              }
              r.checkKeys(m.get(), p, KeyCatalog.DEPENDS_ON);
              Dependency.Condition condition = Dependency.Condition.SERVICE_STARTED;
              YNode c = m.get().get("condition");
              if (c != null) {
                Optional<String> s = r.string(c, child(p, "condition"));
                if (s.isPresent()) {
                  try {
                    condition =
                        Dependency.Condition.valueOf(s.get().toUpperCase(java.util.Locale.ROOT));
                  } catch (IllegalArgumentException ex) {
                    r.error(
                        c,
                        child(p, "condition"),
                        quote(s.get()) + " is not a dependency condition",
                        "use service_started, service_healthy or service_completed_successfully");
                  }
                }
              }
              YNode req = m.get().get("required");
              boolean required = req == null || r.bool(req, child(p, "required")).orElse(true);
              return Optional.of(
                  new Dependency(e.key(), condition, required, new Position(e.line(), e.column())));
            })
        .values()
        .forEach(out::add);
    return out;
  }

  private Map<String, List<String>> networks(YNode v, String at) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (v instanceof YNode.Sequence) {
      r.stringList(v, at).forEach(n -> out.put(n, List.of()));
      return out;
    }
    return r.eachEntry(
        v,
        at,
        (e, p) -> {
          Optional<YNode.Mapping> m = r.mappingOrNull(e.value(), p);
          if (m.isEmpty()) {
            return Optional.empty();
          }
          r.checkKeys(m.get(), p, KeyCatalog.SERVICE_NETWORK);
          YNode aliases = m.get().get("aliases");
          return Optional.of(
              aliases == null ? List.of() : r.stringList(aliases, child(p, "aliases")));
        });
  }

  private List<FileRef> fileRefs(YNode v, String at) {
    List<FileRef> out = new ArrayList<>();
    eachItem(
        v,
        at,
        (item, p) -> {
          if (!(item instanceof YNode.Mapping m)) {
            r.string(item, p)
                .ifPresent(
                    s -> out.add(new FileRef(s, Optional.empty(), Optional.empty(), pos(item))));
            return;
          }
          r.checkKeys(m, p, KeyCatalog.FILE_REF);
          if (m.get("source") == null) {
            r.error(m, p, "the long form needs source", "add source: NAME");
            return;
          }
          Optional<String> source = r.string(m.get("source"), child(p, "source"));
          Optional<String> target =
              m.get("target") == null
                  ? Optional.empty()
                  : r.string(m.get("target"), child(p, "target"));
          Optional<Integer> mode =
              m.get("mode") == null ? Optional.empty() : mode(m.get("mode"), child(p, "mode"));
          source.ifPresent(s -> out.add(new FileRef(s, target, mode, pos(item))));
        });
    return out;
  }

  private Optional<Integer> mode(YNode v, String at) {
    Optional<String> s = r.string(v, at).map(String::strip);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String t = s.get();
    try {
      int mode =
          t.startsWith("0o")
              ? Integer.parseInt(t.substring(2), 8)
              : t.startsWith("0") ? Integer.parseInt(t, 8) : Integer.parseInt(t);
      if (mode < 0 || mode > 07777) {
        return r.error(v, at, quote(t) + " is not a file mode", "write an octal mode such as 0440");
      }
      return Optional.of(mode);
    } catch (NumberFormatException e) {
      return r.error(v, at, quote(t) + " is not a file mode", "write an octal mode such as 0440");
    }
  }

  private List<Ulimit> ulimits(YNode v, String at) {
    return new ArrayList<>(
        r.eachEntry(
                v,
                at,
                (e, p) -> {
                  if (e.value() instanceof YNode.Mapping m) {
                    r.checkKeys(m, p, KeyCatalog.ULIMIT);
                    if (m.get("soft") == null || m.get("hard") == null) {
                      return r.error(
                          m, p, "the long form needs soft and hard", "add soft: N and hard: N");
                    }
                    Optional<Long> soft = r.longValue(m.get("soft"), child(p, "soft"));
                    Optional<Long> hard = r.longValue(m.get("hard"), child(p, "hard"));
                    if (soft.isEmpty() || hard.isEmpty()) {
                      return Optional.empty();
                    }
                    if (soft.get() > hard.get()) {
                      return r.error(
                          m,
                          p,
                          "soft " + soft.get() + " is above hard " + hard.get(),
                          "make soft <= hard");
                    }
                    return Optional.of(new Ulimit(e.key(), soft.get(), hard.get()));
                  }
                  return r.longValue(e.value(), p).map(n -> new Ulimit(e.key(), n, n));
                })
            .values());
  }

  private List<String> tmpfs(YNode v, String at) {
    List<String> out = new ArrayList<>();
    List<String> items = r.stringOrList(v, at);
    for (String s : items) {
      String target = s.contains(":") ? s.substring(0, s.indexOf(':')) : s;
      if (!target.startsWith("/")) {
        r.error(v, at, "the tmpfs path " + quote(target) + " is not absolute", "start it with /");
        continue;
      }
      if (!target.equals(s)) {
        r.d.warning(
            v,
            at,
            "parsed but not acted on: tmpfs options in " + quote(s),
            "remove the options after ':'");
      }
      out.add(target);
    }
    return out;
  }

  private List<String> extraHosts(YNode v, String at) {
    List<String> out = new ArrayList<>();
    if (v instanceof YNode.Mapping) {
      r.keyValues(v, at).forEach((host, ip) -> out.add(host + ":" + ip.orElse("")));
    } else {
      for (String s : r.stringList(v, at)) {
        int sep = s.indexOf('=') >= 0 ? s.indexOf('=') : s.indexOf(':');
        if (sep <= 0 || sep == s.length() - 1) {
          r.error(v, at, quote(s) + " is not a host entry", "write HOST:IP or HOST=IP");
          continue;
        }
        out.add(s.substring(0, sep) + ":" + s.substring(sep + 1));
      }
    }
    return out;
  }

  private Optional<Logging> logging(YNode v, String at) {
    return r.mappingOrNull(v, at)
        .map(
            m -> {
              r.checkKeys(m, at, KeyCatalog.LOGGING);
              Optional<String> driver =
                  m.get("driver") == null
                      ? Optional.empty()
                      : r.string(m.get("driver"), child(at, "driver"));
              Map<String, String> options = new TreeMap<>();
              if (m.get("options") != null) {
                r.keyValues(m.get("options"), child(at, "options"))
                    .forEach((k, val) -> options.put(k, val.orElse("")));
              }
              return new Logging(driver, options);
            });
  }

  private List<String> profiles(YNode v, String at) {
    List<String> out = new ArrayList<>();
    for (String p : r.stringList(v, at)) {
      if (!PROFILE.matcher(p).matches()) {
        r.error(
            v, at, quote(p) + " is not a profile name", "use letters, digits, '_', '.' and '-'");
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static Position pos(YNode n) {
    return new Position(n.line(), n.column());
  }
}
