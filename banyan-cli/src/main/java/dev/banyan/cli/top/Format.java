package dev.banyan.cli.top;

import dev.banyan.cli.support.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Short, fixed-width renderings of numbers for the tables: cores, bytes, ratios, bars, ages. */
final class Format {
  static final String UNKNOWN = "-";

  private Format() {}

  static String cores(double cores) {
    return Units.cores(cores);
  }

  static String cores(OptionalDouble cores) {
    return cores.isPresent() ? cores(cores.getAsDouble()) : UNKNOWN;
  }

  static String bytes(long bytes) {
    return Units.bytes(bytes);
  }

  static String bytes(OptionalLong bytes) {
    return bytes.isPresent() ? bytes(bytes.getAsLong()) : UNKNOWN;
  }

  static String rate(OptionalDouble perSecond) {
    if (perSecond.isEmpty()) {
      return UNKNOWN;
    }
    double v = perSecond.getAsDouble();
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  static String percent(OptionalDouble ratio) {
    return ratio.isPresent()
        ? String.format(Locale.ROOT, "%.1f%%", ratio.getAsDouble() * 100)
        : UNKNOWN;
  }

  /** {@code 45s}, {@code 3m}, {@code 2h5m}, {@code 4d}: time since {@code since}. */
  static String age(Optional<Instant> since, Instant now) {
    if (since.isEmpty()) {
      return UNKNOWN;
    }
    long s = Math.max(0, Duration.between(since.get(), now).getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 < 10 ? "0" : "") + s % 60 + "s";
    }
    if (s < 86400) {
      return s / 3600 + "h" + (s % 3600) / 60 + "m";
    }
    return s / 86400 + "d" + (s % 86400) / 3600 + "h";
  }

  /**
   * A usage bar of exactly {@code width} characters, e.g. {@code [||||| ] 45%}, or "-" when the
   * capacity is unknown.
   */
  static String bar(double used, double total, int width) {
    if (total <= 0) {
      return pad(UNKNOWN, width);
    }
    double ratio = Math.max(0, Math.min(1, used / total));
    String pct = String.format(Locale.ROOT, "%4.0f%%", ratio * 100);
    int inner = width - 2 - pct.length() - 1;
    if (inner < 3) {
      return pad(pct.strip(), width);
    }
    int filled = (int) Math.round(ratio * inner);
    StringBuilder b = new StringBuilder(width).append('[');
    for (int i = 0; i < inner; i++) {
      b.append(i < filled ? '|' : ' ');
    }
    return b.append("] ").append(pct).toString();
  }

  /**
   * The last {@code width} values as a sparkline scaled to their maximum, drawn with {@code levels}
   * (lowest first); empty when there are no values.
   */
  static String sparkline(List<Double> values, int width, String levels) {
    if (values.isEmpty() || width <= 0) {
      return "";
    }
    int from = Math.max(0, values.size() - width);
    double max = 0;
    for (int i = from; i < values.size(); i++) {
      max = Math.max(max, values.get(i));
    }
    StringBuilder b = new StringBuilder(values.size() - from);
    for (int i = from; i < values.size(); i++) {
      int level = max <= 0 ? 0 : (int) Math.round(values.get(i) / max * (levels.length() - 1));
      b.append(levels.charAt(Math.max(0, Math.min(levels.length() - 1, level))));
    }
    return b.toString();
  }

  /** {@code text} cut to {@code width} (with "…" or "~" marking the cut) or padded with spaces. */
  static String fit(String text, int width, char ellipsis) {
    if (width <= 0) {
      return "";
    }
    if (text.length() > width) {
      return width == 1 ? String.valueOf(ellipsis) : text.substring(0, width - 1) + ellipsis;
    }
    return pad(text, width);
  }

  static String pad(String text, int width) {
    if (text.length() >= width) {
      return text.substring(0, width);
    }
    StringBuilder b = new StringBuilder(width).append(text);
    while (b.length() < width) {
      b.append(' ');
    }
    return b.toString();
  }
}
