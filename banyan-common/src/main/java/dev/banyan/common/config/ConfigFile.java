package dev.banyan.common.config;

import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * {@code /etc/banyan/banyan.yaml}: sections {@code security}, {@code engine}, {@code agent} and
 * {@code cli}, each a flat map of settings. Lists become comma-separated values and maps become
 * {@code k=v,...}, the same text the command-line flags take. Every value keeps its position so
 * errors can say {@code file:line:column}.
 */
public final class ConfigFile {
  /** The sections a config file may have. */
  public static final Set<String> SECTIONS = Set.of("security", "engine", "agent", "cli");

  /** A setting's value and where it was written. */
  public record Value(String text, int line, int column) {}

  private final Path path;
  private final Map<String, Map<String, Value>> sections;

  private ConfigFile(Path path, Map<String, Map<String, Value>> sections) {
    this.path = path;
    this.sections = sections;
  }

  /** An empty configuration, for when no file exists. */
  public static ConfigFile empty(Path path) {
    return new ConfigFile(path, Map.of());
  }

  public Path path() {
    return path;
  }

  public Map<String, Value> section(String name) {
    return sections.getOrDefault(name, Map.of());
  }

  public Optional<Value> get(String section, String key) {
    return Optional.ofNullable(section(section).get(key));
  }

  /** {@code file:line:column} of a value, for messages. */
  public String where(Value value) {
    return path + ":" + value.line() + ":" + value.column();
  }

  /** Reads and parses a config file; any problem is a {@link UserError} with position and fix. */
  public static ConfigFile load(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(
          "cannot read the config file "
              + path
              + " ("
              + e.getMessage()
              + "); check the path given"
              + " with --config or BANYAN_CONFIG.");
    }
    Node root;
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(path.toString()).build();
      Composer composer =
          new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
      root = composer.getSingleNode().orElse(null);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().orElse(null);
      String at =
          mark == null
              ? path.toString()
              : path + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      throw new UserError(
          at
              + ": the file is not valid YAML ("
              + e.getProblem()
              + "); fix the syntax at that position.");
    }
    if (root == null) {
      return new ConfigFile(path, Map.of());
    }
    if (!(root instanceof MappingNode mapping)) {
      throw error(
          path, root, "", "the file must be a mapping of sections (security, engine, agent, cli)");
    }
    Map<String, Map<String, Value>> sections = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String section = scalar(path, tuple.getKeyNode(), "");
      if (!SECTIONS.contains(section)) {
        throw error(
            path,
            tuple.getKeyNode(),
            section,
            "unknown section"
                + Suggestions.didYouMean(section, SECTIONS)
                + "; the sections are security, engine, agent, cli");
      }
      sections.put(section, readSection(path, section, tuple.getValueNode()));
    }
    return new ConfigFile(path, sections);
  }

  private static Map<String, Value> readSection(Path path, String section, Node node) {
    Map<String, Value> values = new LinkedHashMap<>();
    if (node instanceof ScalarNode s && s.getValue().isEmpty()) {
      return values;
    }
    if (!(node instanceof MappingNode mapping)) {
      throw error(path, node, section, "must be a mapping of settings such as 'key: value'");
    }
    for (NodeTuple tuple : mapping.getValue()) {
      String key = scalar(path, tuple.getKeyNode(), section);
      Node v = tuple.getValueNode();
      values.put(key, new Value(flatten(path, section + "." + key, v), line(v), column(v)));
    }
    return values;
  }

  private static String flatten(Path path, String key, Node node) {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    List<String> parts = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        parts.add(scalar(path, item, key));
      }
      return String.join(",", parts);
    }
    MappingNode map = (MappingNode) node;
    for (NodeTuple t : map.getValue()) {
      parts.add(scalar(path, t.getKeyNode(), key) + "=" + scalar(path, t.getValueNode(), key));
    }
    return String.join(",", parts);
  }

  private static String scalar(Path path, Node node, String key) {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    throw error(path, node, key, "expected a single value here, not a list or mapping");
  }

  static UserError error(Path path, Node node, String key, String problem) {
    return new UserError(
        path
            + ":"
            + line(node)
            + ":"
            + column(node)
            + " "
            + (key.isEmpty() ? "" : key + ": ")
            + problem
            + ".");
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  private static int column(Node node) {
    return node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
  }

  /**
   * Refuses a config file that holds a secret (a password or its hash) while group or others can
   * read it: such a file must be mode 0600.
   */
  public void requirePrivateIfSecret() {
    boolean holdsSecret = !section("security").isEmpty();
    if (!holdsSecret || !Files.exists(path)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      if (perms.contains(PosixFilePermission.GROUP_READ)
          || perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_WRITE)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new UserError(
            path
                + " holds the cluster password but group or others can read it (mode "
                + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                + "); run 'chmod 600 "
                + path
                + "'.");
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new UserError("cannot check the permissions of " + path + ": " + e.getMessage() + ".");
    }
  }
}
