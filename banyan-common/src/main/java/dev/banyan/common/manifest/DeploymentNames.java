package dev.banyan.common.manifest;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Deployment names: lowercase letters, digits, {@code -} and {@code _}, starting with a letter or
 * digit, at most 63 characters (they appear in DNS names and volume names).
 */
public final class DeploymentNames {
  static final String RULE =
      "use up to 63 lowercase letters, digits, '-' and '_', starting with a letter or digit";
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private DeploymentNames() {}

  public static boolean isValid(String name) {
    return VALID.matcher(name).matches();
  }

  /**
   * The name Compose would derive from a directory name: lowercased, other characters replaced by
   * {@code -}, leading separators dropped; empty when nothing usable is left.
   */
  public static Optional<String> fromDirectory(String directoryName) {
    String s = directoryName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    s = s.replaceAll("^[-_]+", "").replaceAll("-+$", "");
    if (s.length() > 63) {
      s = s.substring(0, 63).replaceAll("-+$", "");
    }
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
