package dev.banyan.common.manifest;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML text with snakeyaml-engine's node API into {@link YNode}s: aliases expanded, merge
 * keys ({@code <<}) applied, duplicate keys reported, positions kept.
 */
final class YamlTreeLoader {
  /** Alias expansion beyond this many nodes is treated as an alias bomb, not a manifest. */
  private static final int MAX_NODES = 2_000_000;

  private final Diagnostics diagnostics;
  private final IdentityHashMap<Node, Boolean> inProgress = new IdentityHashMap<>();
  private int nodeCount;

  private YamlTreeLoader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The document's root node, or empty after reporting why the text is not usable YAML. */
  static Optional<YNode> load(String text, Diagnostics diagnostics) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(diagnostics.file())
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // reported by us, with a position
            .setMaxAliasesForCollections(10_000)
            .setCodePointLimit(32 * 1024 * 1024)
            .build();
    Node root;
    try {
      Iterable<Node> docs = new Compose(settings).composeAllFromString(text);
      List<Node> all = new ArrayList<>();
      docs.forEach(all::add);
      if (all.isEmpty()) {
        diagnostics.add(
            Diagnostic.Severity.ERROR, 1, 1, "", "the file is empty", "define at least services:");
        return Optional.empty();
      }
      if (all.size() > 1) {
        Mark m = all.get(1).getStartMark().orElse(null);
        diagnostics.add(
            Diagnostic.Severity.ERROR,
            m == null ? 1 : m.getLine() + 1,
            m == null ? 1 : m.getColumn() + 1,
            "",
            "the file holds more than one YAML document",
            "keep a single document (remove the '---' separator)");
        return Optional.empty();
      }
      root = all.get(0);
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().strip();
      String context =
          e.getContext() == null || e.getContext().isBlank()
              ? ""
              : " (" + e.getContext().strip() + ")";
      diagnostics.add(
          Diagnostic.Severity.ERROR,
          m == null ? 1 : m.getLine() + 1,
          m == null ? 1 : m.getColumn() + 1,
          "",
          "invalid YAML: " + problem + context,
          "check the indentation and quoting at that position");
      return Optional.empty();
    } catch (YamlEngineException e) {
      diagnostics.add(
          Diagnostic.Severity.ERROR,
          1,
          1,
          "",
          "invalid YAML: " + e.getMessage(),
          "check the file's syntax");
      return Optional.empty();
    }
    YamlTreeLoader loader = new YamlTreeLoader(diagnostics);
    try {
      return Optional.of(loader.convert(root, ""));
    } catch (TooLarge e) {
      diagnostics.add(
          Diagnostic.Severity.ERROR,
          1,
          1,
          "",
          "the document expands to more than " + MAX_NODES + " nodes through aliases",
          "use fewer nested aliases");
      return Optional.empty();
    }
  }

  private YNode convert(Node node, String path) {
    if (++nodeCount > MAX_NODES) {
      throw new TooLarge();
    }
    int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    int col = node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
    if (node instanceof ScalarNode s) {
      return new YNode.Scalar(s.getValue(), typeOf(s), line, col);
    }
    if (inProgress.containsKey(node)) {
      diagnostics.add(
          Diagnostic.Severity.ERROR,
          line,
          col,
          path,
          "a YAML alias refers to a node that contains it",
          "remove the recursive alias");
      return new YNode.Scalar("", YNode.Scalar.Type.NULL, line, col);
    }
    inProgress.put(node, Boolean.TRUE);
    try {
      if (node instanceof SequenceNode seq) {
        List<YNode> items = new ArrayList<>(seq.getValue().size());
        for (Node item : seq.getValue()) {
          items.add(convert(item, path + "[" + items.size() + "]"));
        }
        return new YNode.Sequence(items, line, col);
      }
      return convertMapping((MappingNode) node, path, line, col);
    } finally {
      inProgress.remove(node);
    }
  }

  private YNode convertMapping(MappingNode map, String path, int line, int col) {
    Map<String, YNode.Entry> own = new LinkedHashMap<>();
    List<YNode.Mapping> merged = new ArrayList<>();
    for (NodeTuple t : map.getValue()) {
      Node keyNode = t.getKeyNode();
      int kl = keyNode.getStartMark().map(m -> m.getLine() + 1).orElse(line);
      int kc = keyNode.getStartMark().map(m -> m.getColumn() + 1).orElse(col);
      if (keyNode.getTag().equals(Tag.MERGE)) {
        YNode source = convert(t.getValueNode(), path);
        collectMergeSources(source, path, merged);
        continue;
      }
      if (!(keyNode instanceof ScalarNode keyScalar)) {
        diagnostics.add(
            Diagnostic.Severity.ERROR,
            kl,
            kc,
            path,
            "a mapping key is a list or mapping",
            "use plain text keys");
        continue;
      }
      String key = keyScalar.getValue();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (own.containsKey(key)) {
        diagnostics.add(
            Diagnostic.Severity.ERROR,
            kl,
            kc,
            keyPath,
            "duplicate key \"" + key + "\" (first at line " + own.get(key).line() + ")",
            "keep one of them");
        continue;
      }
      own.put(key, new YNode.Entry(key, kl, kc, convert(t.getValueNode(), keyPath)));
    }
    if (merged.isEmpty()) {
      return new YNode.Mapping(own, line, col);
    }
    // YAML merge: keys written in the mapping win, then earlier merge sources win over later ones.
    Map<String, YNode.Entry> result = new LinkedHashMap<>();
    for (YNode.Mapping source : merged) {
      for (YNode.Entry e : source.entries().values()) {
        result.putIfAbsent(e.key(), e);
      }
    }
    for (YNode.Entry e : own.values()) {
      result.put(e.key(), e);
    }
    return new YNode.Mapping(result, line, col);
  }

  private void collectMergeSources(YNode source, String path, List<YNode.Mapping> into) {
    if (source instanceof YNode.Mapping m) {
      into.add(m);
    } else if (source instanceof YNode.Sequence s
        && s.items().stream().allMatch(i -> i instanceof YNode.Mapping)) {
      s.items().forEach(i -> into.add((YNode.Mapping) i));
    } else {
      diagnostics.add(
          Diagnostic.Severity.ERROR,
          source.line(),
          source.column(),
          path,
          "a merge key (<<) takes " + source.kind(),
          "merge a mapping alias (<<: *name) or a list of them");
    }
  }

  private static YNode.Scalar.Type typeOf(ScalarNode s) {
    Tag tag = s.getTag();
    if (tag.equals(Tag.INT)) {
      return YNode.Scalar.Type.INT;
    } else if (tag.equals(Tag.FLOAT)) {
      return YNode.Scalar.Type.FLOAT;
    } else if (tag.equals(Tag.BOOL)) {
      return YNode.Scalar.Type.BOOL;
    } else if (tag.equals(Tag.NULL)) {
      return YNode.Scalar.Type.NULL;
    }
    return YNode.Scalar.Type.STRING;
  }

  /** Thrown out of deep recursion when alias expansion explodes. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }
}
