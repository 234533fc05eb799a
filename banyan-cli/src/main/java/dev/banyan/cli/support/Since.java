package dev.banyan.cli.support;

import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --since}: a duration ago ({@code 30s}, {@code 10m}, {@code 1h30m}) or an RFC 3339
 * time.
 */
public final class Since {
  private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Since() {}

  public static Instant parse(String text, Clock clock) {
    String t = text.strip();
    Matcher m = DURATION.matcher(t);
    if (!t.isEmpty() && m.matches()) {
      Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
      return clock.instant().minus(d);
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserError(
          "--since \""
              + text
              + "\" is neither a duration nor a time; use e.g. 10m, 1h30m or"
              + " 2026-12-04T10:00:00Z.",
          ExitCodes.BAD_USAGE);
    }
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }
}
