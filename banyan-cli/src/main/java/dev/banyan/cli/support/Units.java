package dev.banyan.cli.support;

import java.util.Locale;

/** Short renderings of CPU and memory amounts, shared by the tables and {@code top}. */
public final class Units {
  private Units() {}

  /** {@code 0.25}, {@code 1.5}, {@code 12}: cores with two significant decimals at most. */
  public static String cores(double cores) {
    if (cores >= 10) {
      return String.format(Locale.ROOT, "%.0f", cores);
    }
    if (cores >= 1) {
      return String.format(Locale.ROOT, "%.1f", cores);
    }
    return String.format(Locale.ROOT, "%.2f", cores);
  }

  /** {@code 512K}, {@code 12M}, {@code 1.5G}: binary units, at most four characters. */
  public static String bytes(long bytes) {
    String[] units = {"B", "K", "M", "G", "T", "P"};
    double value = Math.max(0, bytes);
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0 || value >= 10) {
      return String.format(Locale.ROOT, "%.0f%s", value, units[unit]);
    }
    return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
  }
}
