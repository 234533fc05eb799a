package dev.banyan.common.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Converts a {@link YNode} to plain Java values (String, List, Map) for keys kept verbatim. */
final class PlainValues {
  private PlainValues() {}

  static Object of(YNode n) {
    if (n instanceof YNode.Scalar s) {
      try {
        return switch (s.type()) {
          case NULL -> "";
          case BOOL -> Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
          case INT -> Long.decode(s.text().replace("0o", "0"));
          case FLOAT -> Double.parseDouble(s.text());
          case STRING -> s.text();
        };
      } catch (NumberFormatException e) {
        return s.text(); // .inf, huge numbers: keep the text
      }
    }
    if (n instanceof YNode.Sequence seq) {
      return seq.items().stream().map(PlainValues::of).toList();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (YNode.Entry e : ((YNode.Mapping) n).entries().values()) {
      out.put(e.key(), of(e.value()));
    }
    return out;
  }
}
