package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.quote;

import dev.banyan.common.manifest.model.Dependency;
import dev.banyan.common.manifest.model.FileRef;
import dev.banyan.common.manifest.model.Manifest;
import dev.banyan.common.manifest.model.Port;
import dev.banyan.common.manifest.model.Service;
import dev.banyan.common.manifest.model.ServiceVolume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that need the whole manifest: references to services, networks, volumes, secrets and
 * configs, dependency cycles and host ports published twice. Works on the active services only.
 */
final class ManifestValidator {
  private final Diagnostics d;

  ManifestValidator(Diagnostics d) {
    this.d = d;
  }

  /**
   * The services active for {@code profiles} (all of them when {@code profiles} is empty-optional,
   * as for already-normalized text), in file order.
   */
  static Map<String, Service> active(Manifest m, Optional<Set<String>> profiles) {
    Map<String, Service> out = new LinkedHashMap<>();
    m.services()
        .forEach(
            (name, s) -> {
              if (profiles.isEmpty()
                  || s.profiles().isEmpty()
                  || profiles.get().contains("*")
                  || s.profiles().stream().anyMatch(profiles.get()::contains)) {
                out.put(name, s);
              }
            });
    return out;
  }

  void validate(Manifest m, Map<String, Service> active) {
    if (active.isEmpty() && !m.services().isEmpty()) {
      d.add(
          Diagnostic.Severity.ERROR,
          1,
          1,
          "services",
          "no service is active: every service is in a profile",
          "pass --profile NAME");
    }
    for (Service s : active.values()) {
      String path = child("services", s.name());
      dependencies(m, active, s, path);
      for (String net : s.networks().keySet()) {
        if (!net.equals("default") && !m.networks().containsKey(net)) {
          at(
              s,
              child(child(path, "networks"), net),
              "refers to undefined network " + quote(net),
              "define it under the top-level networks:");
        }
      }
      for (ServiceVolume v : s.volumes()) {
        if (v.type() == ServiceVolume.Type.VOLUME
            && !v.source().isEmpty()
            && !m.volumes().containsKey(v.source())) {
          at(
              s,
              child(path, "volumes"),
              "refers to undefined volume " + quote(v.source()),
              "define it under the top-level volumes: or use ./" + v.source() + " for a host path");
        }
      }
      refs(s.secrets(), m.secrets().keySet(), child(path, "secrets"), "secret");
      refs(s.configs(), m.configs().keySet(), child(path, "configs"), "config");
    }
    duplicatePorts(active);
    cycles(active);
  }

  private void dependencies(Manifest m, Map<String, Service> active, Service s, String path) {
    for (Dependency dep : s.dependsOn()) {
      String at = child(child(path, "depends_on"), dep.service());
      if (!dep.required()) {
        continue;
      }
      if (dep.service().equals(s.name())) {
        d.add(
            Diagnostic.Severity.ERROR,
            dep.position().line(),
            dep.position().column(),
            at,
            "the service depends on itself",
            "remove this dependency");
      } else if (!m.services().containsKey(dep.service())) {
        String fix =
            EditDistance.suggest(dep.service(), m.services().keySet())
                .map(x -> "did you mean \"" + x + "\"?")
                .orElse("define the service or remove the dependency");
        d.add(
            Diagnostic.Severity.ERROR,
            dep.position().line(),
            dep.position().column(),
            at,
            "depends on undefined service " + quote(dep.service()),
            fix);
      } else if (!active.containsKey(dep.service())) {
        d.add(
            Diagnostic.Severity.ERROR,
            dep.position().line(),
            dep.position().column(),
            at,
            "depends on service "
                + quote(dep.service())
                + " which is only in profile(s) "
                + String.join(", ", m.services().get(dep.service()).profiles()),
            "pass --profile " + m.services().get(dep.service()).profiles().get(0));
      }
    }
  }

  private void refs(List<FileRef> refs, Set<String> defined, String path, String what) {
    for (FileRef r : refs) {
      if (!defined.contains(r.source())) {
        d.add(
            Diagnostic.Severity.ERROR,
            r.position().line(),
            r.position().column(),
            path,
            "refers to undefined " + what + " " + quote(r.source()),
            "define it under the top-level " + what + "s: with file: ./path");
      }
    }
  }

  /** Who published a host port, and on which host IP ("" for all). */
  private record Published(String service, String ip) {
    boolean overlaps(String otherIp) {
      return ip.isEmpty()
          || otherIp.isEmpty()
          || ip.equals(otherIp)
          || ip.equals("0.0.0.0")
          || otherIp.equals("0.0.0.0");
    }
  }

  private void duplicatePorts(Map<String, Service> active) {
    Map<String, List<Published>> seen = new HashMap<>();
    for (Service s : active.values()) {
      for (Port p : s.ports()) {
        if (p.published() == 0) {
          continue;
        }
        String key = p.published() + "/" + p.protocol();
        List<Published> owners = seen.computeIfAbsent(key, k -> new ArrayList<>());
        Optional<Published> clash = owners.stream().filter(o -> o.overlaps(p.hostIp())).findFirst();
        if (clash.isPresent()) {
          d.add(
              Diagnostic.Severity.ERROR,
              p.position().line(),
              p.position().column(),
              child(child("services", s.name()), "ports"),
              "host port "
                  + key
                  + " is already published by service "
                  + quote(clash.get().service()),
              "publish a different host port");
        } else {
          owners.add(new Published(s.name(), p.hostIp()));
        }
      }
    }
  }

  private void cycles(Map<String, Service> active) {
    Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
    for (String name : active.keySet()) {
      visit(name, active, state, new ArrayList<>());
    }
  }

  private void visit(
      String name, Map<String, Service> active, Map<String, Integer> state, List<String> stack) {
    Integer st = state.get(name);
    if (st != null && st == 2) {
      return;
    }
    Service s = active.get(name);
    if (s == null) {
      return;
    }
    state.put(name, 1);
    stack.add(name);
    for (Dependency dep : s.dependsOn()) {
      if (dep.service().equals(name)) {
        continue; // reported as self-dependency
      }
      Integer ds = state.get(dep.service());
      if (ds != null && ds == 1) {
        List<String> cycle =
            new ArrayList<>(stack.subList(stack.indexOf(dep.service()), stack.size()));
        cycle.add(dep.service());
        d.add(
            Diagnostic.Severity.ERROR,
            dep.position().line(),
            dep.position().column(),
            child(child(child("services", name), "depends_on"), dep.service()),
            "dependency cycle " + String.join(" -> ", cycle),
            "remove one of these dependencies");
      } else {
        visit(dep.service(), active, state, stack);
      }
    }
    stack.remove(stack.size() - 1);
    state.put(name, 2);
  }

  private void at(Service s, String path, String problem, String fix) {
    d.add(
        Diagnostic.Severity.ERROR, s.position().line(), s.position().column(), path, problem, fix);
  }
}
