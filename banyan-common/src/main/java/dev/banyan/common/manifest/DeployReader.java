package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.index;
import static dev.banyan.common.manifest.NodeReader.quote;

import dev.banyan.common.manifest.model.Deploy;
import dev.banyan.common.manifest.model.Healthcheck;
import dev.banyan.common.manifest.model.ResourceSpec;
import dev.banyan.common.manifest.model.RestartPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code deploy:}, {@code healthcheck:} and {@code restart:} of a service. */
final class DeployReader {
  private static final Pattern CONSTRAINT =
      Pattern.compile("node\\.(hostname|role|labels\\.[A-Za-z0-9_.-]+)\\s*(==|!=)\\s*(\\S.*)");
  private static final Pattern RESTART =
      Pattern.compile("(no|always|unless-stopped|on-failure)(?::(\\d{1,9}))?");

  private final NodeReader r;

  DeployReader(NodeReader r) {
    this.r = r;
  }

  Optional<Deploy> deploy(YNode n, String path) {
    Optional<YNode.Mapping> m = r.mappingOrNull(n, path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    YNode.Mapping map = m.get();
    r.checkKeys(map, path, KeyCatalog.DEPLOY);
    Optional<Integer> replicas = Optional.empty();
    ResourceSpec limits = ResourceSpec.NONE;
    ResourceSpec reservations = ResourceSpec.NONE;
    Optional<RestartPolicy> restart = Optional.empty();
    List<String> constraints = new ArrayList<>();
    Map<String, Object> notActed = new LinkedHashMap<>();
    for (YNode.Entry e : map.entries().values()) {
      String at = child(path, e.key());
      YNode v = e.value();
      switch (e.key()) {
        case "mode" ->
            r.string(v, at)
                .filter(mode -> !mode.equals("replicated"))
                .ifPresent(
                    mode ->
                        r.error(
                            v,
                            at,
                            quote(mode) + " mode is not supported",
                            "use mode: replicated with replicas: N"));
        case "replicas" -> replicas = r.integer(v, at, 0);
        case "resources" -> {
          Optional<YNode.Mapping> res = r.mappingOrNull(v, at);
          if (res.isPresent()) {
            r.checkKeys(res.get(), at, KeyCatalog.RESOURCES);
            YNode l = res.get().get("limits");
            YNode rs = res.get().get("reservations");
            limits = l == null ? limits : resources(l, child(at, "limits"), KeyCatalog.LIMITS);
            reservations =
                rs == null
                    ? reservations
                    : resources(rs, child(at, "reservations"), KeyCatalog.RESERVATIONS);
          }
        }
        case "restart_policy" -> restart = restartPolicy(v, at);
        case "placement" -> {
          Optional<YNode.Mapping> p = r.mappingOrNull(v, at);
          if (p.isPresent()) {
            r.checkKeys(p.get(), at, KeyCatalog.PLACEMENT);
            YNode c = p.get().get("constraints");
            if (c != null) {
              constraints.addAll(constraints(c, child(at, "constraints")));
            }
          }
        }
        case "update_config", "rollback_config" -> {
          r.mappingOrNull(v, at).ifPresent(u -> r.checkKeys(u, at, KeyCatalog.UPDATE_CONFIG));
          notActed.put(e.key(), PlainValues.of(v));
        }
        default -> {
          if (!e.key().startsWith("x-") && KeyCatalog.DEPLOY.containsKey(e.key())) {
            notActed.put(e.key(), PlainValues.of(v));
          }
        }
      }
    }
    return Optional.of(new Deploy(replicas, limits, reservations, restart, constraints, notActed));
  }

  private ResourceSpec resources(YNode n, String path, Map<String, KeyRule> rules) {
    Optional<YNode.Mapping> m = r.mappingOrNull(n, path);
    if (m.isEmpty()) {
      return ResourceSpec.NONE;
    }
    r.checkKeys(m.get(), path, rules);
    YNode cpus = m.get().get("cpus");
    YNode memory = m.get().get("memory");
    return new ResourceSpec(
        cpus == null ? Optional.empty() : r.cpus(cpus, child(path, "cpus")),
        memory == null ? Optional.empty() : r.bytes(memory, child(path, "memory")));
  }

  private Optional<RestartPolicy> restartPolicy(YNode n, String path) {
    Optional<YNode.Mapping> m = r.mappingOrNull(n, path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    r.checkKeys(m.get(), path, KeyCatalog.RESTART_POLICY);
    String condition = "any";
    YNode c = m.get().get("condition");
    if (c != null) {
      Optional<String> s = r.string(c, child(path, "condition"));
      if (s.isPresent() && !List.of("none", "on-failure", "any").contains(s.get())) {
        r.error(
            c,
            child(path, "condition"),
            quote(s.get()) + " is not a restart condition",
            "use none, on-failure or any");
      }
      condition = s.orElse(condition);
    }
    return Optional.of(
        new RestartPolicy(
            condition,
            optional(m.get(), "max_attempts", path, (v, p) -> r.integer(v, p, 0)),
            optional(m.get(), "delay", path, r::duration),
            optional(m.get(), "window", path, r::duration)));
  }

  private List<String> constraints(YNode n, String path) {
    List<String> items = r.stringList(n, path);
    List<String> out = new ArrayList<>();
    YNode.Sequence seq = n instanceof YNode.Sequence s ? s : null;
    for (int i = 0; i < items.size(); i++) {
      String c = items.get(i).strip();
      Matcher m = CONSTRAINT.matcher(c);
      if (!m.matches()) {
        r.error(
            seq == null ? n : seq.items().get(i),
            index(path, i),
            quote(c) + " is not a placement constraint",
            "write node.hostname|node.role|node.labels.KEY == or != VALUE");
        continue;
      }
      out.add("node." + m.group(1) + " " + m.group(2) + " " + m.group(3).strip());
    }
    return out;
  }

  Optional<Healthcheck> healthcheck(YNode n, String path) {
    Optional<YNode.Mapping> m = r.mappingOrNull(n, path);
    if (m.isEmpty()) {
      return Optional.empty();
    }
    YNode.Mapping map = m.get();
    r.checkKeys(map, path, KeyCatalog.HEALTHCHECK);
    Optional<List<String>> test = Optional.empty();
    YNode t = map.get("test");
    if (t != null) {
      test = test(t, child(path, "test"));
    }
    boolean disable =
        map.get("disable") != null
            && r.bool(map.get("disable"), child(path, "disable")).orElse(false);
    if (!disable && t == null) {
      r.error(
          map,
          path,
          "a healthcheck needs test",
          "add test: [\"CMD\", \"prog\", \"arg\"] or disable: true");
    }
    return Optional.of(
        new Healthcheck(
            test,
            optional(map, "interval", path, r::duration),
            optional(map, "timeout", path, r::duration),
            optional(map, "retries", path, (v, p) -> r.integer(v, p, 0)),
            optional(map, "start_period", path, r::duration),
            optional(map, "start_interval", path, r::duration),
            disable));
  }

  private Optional<List<String>> test(YNode n, String path) {
    if (n instanceof YNode.Scalar s && !s.isNull()) {
      if (s.text().isBlank()) {
        return r.error(n, path, "the test command is empty", "write the command to run");
      }
      return Optional.of(List.of("CMD-SHELL", s.text()));
    }
    List<String> items = r.stringList(n, path);
    if (!(n instanceof YNode.Sequence)) {
      return Optional.empty();
    }
    String first = items.isEmpty() ? "" : items.get(0);
    boolean ok =
        switch (first) {
          case "NONE" -> items.size() == 1;
          case "CMD" -> items.size() >= 2;
          case "CMD-SHELL" -> items.size() == 2;
          default -> false;
        };
    if (!ok) {
      return r.error(
          n,
          path,
          "the test list " + items + " is not a healthcheck test",
          "write [\"CMD\", \"prog\", \"arg\"...], [\"CMD-SHELL\", \"command line\"] or [\"NONE\"]");
    }
    return Optional.of(items);
  }

  Optional<RestartPolicy> restart(YNode n, String path) {
    Optional<String> s = r.string(n, path);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = RESTART.matcher(s.get().strip());
    if (!m.matches() || (m.group(2) != null && !m.group(1).equals("on-failure"))) {
      return r.error(
          n,
          path,
          quote(s.get()) + " is not a restart policy",
          "use no, always, on-failure[:N] or unless-stopped");
    }
    Optional<Integer> attempts =
        m.group(2) == null ? Optional.empty() : Optional.of(Integer.parseInt(m.group(2)));
    return Optional.of(new RestartPolicy(m.group(1), attempts, Optional.empty(), Optional.empty()));
  }

  private <T> Optional<T> optional(
      YNode.Mapping m,
      String key,
      String path,
      java.util.function.BiFunction<YNode, String, Optional<T>> read) {
    YNode v = m.get(key);
    return v == null ? Optional.empty() : read.apply(v, child(path, key));
  }
}
