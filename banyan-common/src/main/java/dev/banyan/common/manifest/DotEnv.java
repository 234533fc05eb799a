package dev.banyan.common.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code .env} and {@code env_file} files as Compose does: {@code KEY=VALUE} lines, optional
 * {@code export}, {@code #} comments, single quotes literal, double quotes with escapes.
 */
public final class DotEnv {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private DotEnv() {}

  /**
   * The variables in {@code text}, in file order.
   *
   * @param fileName how messages name the file
   * @param environment where a line holding only {@code KEY} takes its value from (skipped if
   *     unset)
   * @throws ManifestException naming every malformed line
   */
  public static Map<String, String> parse(
      String text, String fileName, Map<String, String> environment) {
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).stripLeading();
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      String where = fileName + ":" + (i + 1) + ":1 " + key + ": ";
      if (!KEY.matcher(key).matches()) {
        errors.add(
            fileName
                + ":"
                + (i + 1)
                + ":1 (line): \""
                + lines[i].strip()
                + "\" is not a variable assignment; write KEY=VALUE");
        continue;
      }
      if (eq < 0) {
        String fromEnv = environment.get(key);
        if (fromEnv != null) {
          vars.put(key, fromEnv);
        }
        continue;
      }
      String raw = line.substring(eq + 1).stripLeading();
      if (raw.startsWith("\"") || raw.startsWith("'")) {
        char q = raw.charAt(0);
        int close = closingQuote(raw, q);
        if (close < 0) {
          errors.add(where + "the quoted value is not closed; add the closing " + q);
          continue;
        }
        String inner = raw.substring(1, close);
        vars.put(key, q == '"' ? unescape(inner) : inner);
      } else {
        int hash = raw.indexOf(" #");
        vars.put(key, (hash >= 0 ? raw.substring(0, hash) : raw).strip());
      }
    }
    if (!errors.isEmpty()) {
      throw new ManifestException(errors);
    }
    return vars;
  }

  private static int closingQuote(String raw, char q) {
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && q == '"') {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(
            switch (n) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
