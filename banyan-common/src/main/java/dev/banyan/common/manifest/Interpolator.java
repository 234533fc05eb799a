package dev.banyan.common.manifest;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Compose variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code
 * ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}}, {@code
 * ${VAR+alt}} and {@code $$} for a literal dollar. Defaults may themselves hold variables.
 */
public final class Interpolator {
  private final Map<String, String> variables;

  public Interpolator(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** Why a value could not be interpolated; the message is a full problem-and-fix clause. */
  public static final class InterpolationException extends Exception {
    private static final long serialVersionUID = 1L;

    InterpolationException(String message) {
      super(message);
    }
  }

  /**
   * Interpolates {@code text}; {@code unset} hears the name of every variable used without a value
   * and without a default (Compose warns about those and substitutes an empty string).
   */
  public String interpolate(String text, Consumer<String> unset) throws InterpolationException {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int close = closingBrace(text, i + 2);
        if (close < 0) {
          throw invalid(text);
        }
        out.append(braced(text.substring(i + 2, close), text, unset));
        i = close + 1;
      } else if (isNameStart(next)) {
        int end = i + 1;
        while (end < text.length() && isNamePart(text.charAt(end))) {
          end++;
        }
        out.append(lookup(text.substring(i + 1, end), unset));
        i = end;
      } else {
        throw invalid(text);
      }
    }
    return out.toString();
  }

  private String braced(String body, String whole, Consumer<String> unset)
      throws InterpolationException {
    int n = 0;
    if (body.isEmpty() || !isNameStart(body.charAt(0))) {
      throw invalid(whole);
    }
    while (n < body.length() && isNamePart(body.charAt(n))) {
      n++;
    }
    String name = body.substring(0, n);
    String rest = body.substring(n);
    if (rest.isEmpty()) {
      return lookup(name, unset);
    }
    String value = variables.get(name);
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
    String arg = rest.substring(op.length());
    boolean missing = colon ? value == null || value.isEmpty() : value == null;
    switch (op) {
      case ":-", "-" -> {
        return missing ? interpolate(arg, unset) : value;
      }
      case ":+", "+" -> {
        return missing ? "" : interpolate(arg, unset);
      }
      case ":?", "?" -> {
        if (missing) {
          String detail = interpolate(arg, unset);
          throw new InterpolationException(
              "required variable "
                  + name
                  + " is missing a value"
                  + (detail.isEmpty() ? "" : ": " + detail)
                  + "; set "
                  + name
                  + " in the environment or in .env");
        }
        return value;
      }
      default -> throw invalid(whole);
    }
  }

  private String lookup(String name, Consumer<String> unset) {
    String value = variables.get(name);
    if (value == null) {
      unset.accept(name);
      return "";
    }
    return value;
  }

  /**
   * Index of the brace that closes the braced variable whose body starts at {@code from}, or -1.
   */
  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        i++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static InterpolationException invalid(String text) {
    return new InterpolationException(
        "\""
            + text
            + "\" is not a valid interpolation; use $VAR or ${VAR[:-default]} and write $$ for a"
            + " literal $");
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
