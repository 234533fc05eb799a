package dev.banyan.engine.scheduler;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One placement constraint: {@code node.hostname}, {@code node.role} or {@code node.labels.KEY}
 * compared with {@code ==} or {@code !=} to a value.
 */
public record Constraint(String text, String attribute, boolean equal, String value) {
  private static final Pattern SYNTAX =
      Pattern.compile("^\\s*(node\\.[A-Za-z0-9_.\\-]+)\\s*(==|!=)\\s*(\\S.*?)\\s*$");

  /** The constraint in {@code text}, or empty when it is not of the supported form. */
  public static Optional<Constraint> parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String attribute = m.group(1);
    boolean known =
        attribute.equals("node.hostname")
            || attribute.equals("node.role")
            || (attribute.startsWith("node.labels.")
                && attribute.length() > "node.labels.".length());
    if (!known) {
      return Optional.empty();
    }
    String normalized = attribute + " " + m.group(2) + " " + m.group(3);
    return Optional.of(new Constraint(normalized, attribute, m.group(2).equals("=="), m.group(3)));
  }

  /** Whether {@code node} satisfies this constraint (a missing label never equals a value). */
  public boolean matches(NodeInfo node) {
    Optional<String> actual =
        switch (attribute) {
          case "node.hostname" -> Optional.of(node.name());
          case "node.role" -> Optional.of(node.role());
          default ->
              Optional.ofNullable(node.labels().get(attribute.substring("node.labels.".length())));
        };
    boolean same = actual.map(value::equals).orElse(false);
    return equal == same;
  }
}
