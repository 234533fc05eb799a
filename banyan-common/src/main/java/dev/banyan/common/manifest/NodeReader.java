package dev.banyan.common.manifest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Typed reads of {@link YNode}s that report a located error instead of failing: every method
 * returns empty (or an empty collection) after reporting when the node has the wrong shape.
 */
final class NodeReader {
  final Diagnostics d;

  NodeReader(Diagnostics d) {
    this.d = d;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /**
   * Reports keys of {@code map} that are unknown (with a suggestion), rejected, or parsed but not
   * acted on. Keys starting with {@code x-} are extensions and always allowed.
   */
  void checkKeys(YNode.Mapping map, String path, Map<String, KeyRule> rules) {
    for (YNode.Entry e : map.entries().values()) {
      String key = e.key();
      String at = child(path, key);
      if (key.startsWith("x-")) {
        continue;
      }
      KeyRule rule = rules.get(key);
      if (rule == null) {
        String fix =
            EditDistance.suggest(key, rules.keySet())
                .map(s -> "did you mean \"" + s + "\"?")
                .orElse(
                    rules.size() <= 12
                        ? "expected one of: " + String.join(", ", rules.keySet())
                        : "see docs/manifest.md for the keys Banyan accepts");
        d.add(Diagnostic.Severity.ERROR, e.line(), e.column(), at, "unknown key", fix);
      } else if (rule.kind() == KeyRule.Kind.REJECTED) {
        d.add(
            Diagnostic.Severity.ERROR,
            e.line(),
            e.column(),
            at,
            "not supported by Banyan: " + rule.reason(),
            rule.fix());
      } else if (rule.kind() == KeyRule.Kind.NOT_ACTED) {
        d.add(
            Diagnostic.Severity.WARNING,
            e.line(),
            e.column(),
            at,
            "parsed but not acted on: " + rule.reason(),
            "remove it to silence this warning");
      }
    }
  }

  Optional<YNode.Mapping> mapping(YNode n, String path) {
    if (n instanceof YNode.Mapping m) {
      return Optional.of(m);
    }
    return wrongKind(n, path, "a mapping");
  }

  /** A mapping, where an empty value ({@code key:}) counts as an empty mapping. */
  Optional<YNode.Mapping> mappingOrNull(YNode n, String path) {
    if (n instanceof YNode.Scalar s && s.isNull()) {
      return Optional.of(new YNode.Mapping(Map.of(), n.line(), n.column()));
    }
    return mapping(n, path);
  }

  Optional<String> string(YNode n, String path) {
    if (n instanceof YNode.Scalar s && !s.isNull()) {
      return Optional.of(s.text());
    }
    return wrongKind(n, path, "a string");
  }

  Optional<Integer> integer(YNode n, String path, int min) {
    Optional<String> text = string(n, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      int v = Integer.parseInt(text.get().strip());
      if (v < min) {
        return error(n, path, v + " is too small", "use a number >= " + min);
      }
      return Optional.of(v);
    } catch (NumberFormatException e) {
      return error(
          n, path, quote(text.get()) + " is not a whole number", "write a number such as 3");
    }
  }

  Optional<Long> longValue(YNode n, String path) {
    Optional<String> text = string(n, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.get().strip()));
    } catch (NumberFormatException e) {
      return error(
          n, path, quote(text.get()) + " is not a whole number", "write a number such as 1024");
    }
  }

  Optional<Double> cpus(YNode n, String path) {
    Optional<String> text = string(n, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      double v = Double.parseDouble(text.get().strip());
      if (!(v >= 0) || Double.isInfinite(v)) {
        return error(n, path, quote(text.get()) + " is not a CPU count", "write e.g. 0.5 or 2");
      }
      return Optional.of(v);
    } catch (NumberFormatException e) {
      return error(n, path, quote(text.get()) + " is not a CPU count", "write e.g. 0.5 or 2");
    }
  }

  Optional<Boolean> bool(YNode n, String path) {
    Optional<String> text = string(n, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().strip();
    if (t.equalsIgnoreCase("true")) {
      return Optional.of(true);
    }
    if (t.equalsIgnoreCase("false")) {
      return Optional.of(false);
    }
    return error(n, path, quote(t) + " is not a boolean", "write true or false");
  }

  Optional<Duration> duration(YNode n, String path) {
    Optional<String> text = string(n, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = Durations.parse(text.get());
    if (parsed.isEmpty()) {
      return error(
          n, path, quote(text.get()) + " is not a duration", "write e.g. 10s, 1m30s or 500ms");
    }
    return parsed;
  }

  Optional<Long> bytes(YNode n, String path) {
    Optional<String> text = string(n, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    var parsed = ByteSizes.parse(text.get());
    if (parsed.isEmpty()) {
      return error(
          n, path, quote(text.get()) + " is not a byte size", "write e.g. 512m, 4g or 1073741824");
    }
    return Optional.of(parsed.getAsLong());
  }

  /** A list of strings, where a single string counts as a one-item list. */
  List<String> stringOrList(YNode n, String path) {
    if (n instanceof YNode.Scalar s && !s.isNull()) {
      return List.of(s.text());
    }
    return stringList(n, path);
  }

  List<String> stringList(YNode n, String path) {
    if (!(n instanceof YNode.Sequence seq)) {
      wrongKind(n, path, "a list");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      string(seq.items().get(i), index(path, i)).ifPresent(out::add);
    }
    return out;
  }

  /**
   * A map of strings written as a mapping ({@code KEY: value}) or a list ({@code - KEY=value});
   * values are empty for {@code KEY:} / {@code - KEY} (Compose takes those from the environment).
   */
  Map<String, Optional<String>> keyValues(YNode n, String path) {
    Map<String, Optional<String>> out = new LinkedHashMap<>();
    if (n instanceof YNode.Mapping m) {
      for (YNode.Entry e : m.entries().values()) {
        YNode v = e.value();
        if (v instanceof YNode.Scalar s) {
          out.put(e.key(), s.isNull() ? Optional.empty() : Optional.of(s.text()));
        } else {
          wrongKind(v, child(path, e.key()), "a string");
        }
      }
    } else if (n instanceof YNode.Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        Optional<String> item = string(seq.items().get(i), index(path, i));
        if (item.isEmpty()) {
          continue;
        }
        String s = item.get();
        int eq = s.indexOf('=');
        String key = eq < 0 ? s : s.substring(0, eq);
        if (key.isBlank()) {
          error(seq.items().get(i), index(path, i), quote(s) + " has no name", "write NAME=value");
          continue;
        }
        out.put(key, eq < 0 ? Optional.empty() : Optional.of(s.substring(eq + 1)));
      }
    } else {
      wrongKind(n, path, "a mapping or a list of NAME=value");
    }
    return out;
  }

  /** Reads each entry of a mapping with {@code reader}; null values are passed through. */
  <T> Map<String, T> eachEntry(
      YNode n, String path, BiFunction<YNode.Entry, String, Optional<T>> reader) {
    Map<String, T> out = new LinkedHashMap<>();
    mappingOrNull(n, path)
        .ifPresent(
            m -> {
              for (YNode.Entry e : m.entries().values()) {
                if (!e.key().startsWith("x-")) {
                  reader.apply(e, child(path, e.key())).ifPresent(v -> out.put(e.key(), v));
                }
              }
            });
    return out;
  }

  <T> Optional<T> error(YNode n, String path, String problem, String fix) {
    d.error(n, path, problem, fix);
    return Optional.empty();
  }

  <T> Optional<T> wrongKind(YNode n, String path, String expected) {
    return error(n, path, "expected " + expected + ", got " + n.kind(), fixFor(expected));
  }

  private static String fixFor(String expected) {
    return switch (expected) {
      case "a list" -> "write one item per line starting with '- '";
      case "a mapping" -> "write key: value pairs indented under it";
      case "a string" -> "write a single value";
      default -> "write " + expected;
    };
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }
}
