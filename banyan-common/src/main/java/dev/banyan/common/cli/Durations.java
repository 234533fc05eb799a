package dev.banyan.common.cli;

import java.time.Duration;
import java.util.Locale;

/** Parses durations given on command lines: "500ms", "5s", "15m", "2h" or ISO-8601 ("PT5S"). */
public final class Durations {
  private Durations() {}

  /** The duration, or a {@link UserError} naming {@code option} and the accepted forms. */
  public static Duration parse(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim());
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      String number = t.substring(0, t.length() - 1);
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofMillis((long) (Double.parseDouble(number) * 1000));
        case 'm' -> Duration.ofSeconds((long) (Double.parseDouble(number) * 60));
        case 'h' -> Duration.ofSeconds((long) (Double.parseDouble(number) * 3600));
        default -> throw new IllegalArgumentException("no unit");
      };
    } catch (RuntimeException e) {
      throw new UserError(
          option + " '" + text + "' is not a duration; use e.g. 500ms, 5s, 15m or 2h", e);
    }
  }
}
