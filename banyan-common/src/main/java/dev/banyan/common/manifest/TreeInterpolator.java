package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.index;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link Interpolator} to every scalar value of a tree (keys are left alone, as Compose
 * does).
 */
final class TreeInterpolator {
  private final Interpolator interpolator;
  private final Diagnostics d;

  TreeInterpolator(Interpolator interpolator, Diagnostics d) {
    this.interpolator = interpolator;
    this.d = d;
  }

  YNode apply(YNode node, String path) {
    if (node instanceof YNode.Scalar s) {
      if (s.isNull() || s.text().indexOf('$') < 0) {
        return s;
      }
      try {
        String out =
            interpolator.interpolate(
                s.text(),
                name ->
                    d.warning(
                        s,
                        path,
                        "the variable " + name + " is not set, so an empty string is used",
                        "set "
                            + name
                            + " in the environment or in .env, or give a default with ${"
                            + name
                            + ":-value}"));
        return s.withText(out);
      } catch (Interpolator.InterpolationException e) {
        String msg = e.getMessage();
        int semi = msg.lastIndexOf("; ");
        d.error(s, path, msg.substring(0, semi), msg.substring(semi + 2));
        return s;
      }
    }
    if (node instanceof YNode.Sequence seq) {
      List<YNode> items = new ArrayList<>(seq.items().size());
      for (int i = 0; i < seq.items().size(); i++) {
        items.add(apply(seq.items().get(i), index(path, i)));
      }
      return new YNode.Sequence(items, seq.line(), seq.column());
    }
    YNode.Mapping m = (YNode.Mapping) node;
    Map<String, YNode.Entry> entries = new LinkedHashMap<>();
    for (YNode.Entry e : m.entries().values()) {
      entries.put(e.key(), e.withValue(apply(e.value(), child(path, e.key()))));
    }
    return new YNode.Mapping(entries, m.line(), m.column());
  }
}
