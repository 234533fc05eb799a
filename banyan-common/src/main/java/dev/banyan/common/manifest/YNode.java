package dev.banyan.common.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node after anchors, aliases and merge keys are resolved, remembering where it was written
 * (1-based line and column) so every message can point at it.
 */
sealed interface YNode {
  int line();

  int column();

  /** A short noun for messages: "a string", "a list", "a mapping". */
  String kind();

  /**
   * A scalar: its text, and the YAML core-schema type the text resolved to (a quoted "3" is a
   * string, a plain 3 an int).
   */
  record Scalar(String text, Type type, int line, int column) implements YNode {
    enum Type {
      STRING,
      INT,
      FLOAT,
      BOOL,
      NULL
    }

    @Override
    public String kind() {
      return switch (type) {
        case STRING -> "a string";
        case INT -> "a number";
        case FLOAT -> "a number";
        case BOOL -> "a boolean";
        case NULL -> "empty (null)";
      };
    }

    boolean isNull() {
      return type == Type.NULL;
    }

    Scalar withText(String newText) {
      return new Scalar(newText, type == Type.NULL ? Type.STRING : type, line, column);
    }
  }

  /** A sequence. */
  record Sequence(List<YNode> items, int line, int column) implements YNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A mapping with string keys in file order. */
  record Mapping(Map<String, Entry> entries, int line, int column) implements YNode {
    public Mapping {
      entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String kind() {
      return "a mapping";
    }

    YNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }
  }

  /** A key of a mapping (with its own position, for "unknown key" messages) and its value. */
  record Entry(String key, int line, int column, YNode value) {
    Entry withValue(YNode v) {
      return new Entry(key, line, column, v);
    }
  }
}
