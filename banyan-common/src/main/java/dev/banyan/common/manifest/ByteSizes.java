package dev.banyan.common.manifest;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose byte sizes (docker's {@code RAMInBytes}): {@code 512m}, {@code 4g}, {@code 1.5GB}, {@code
 * 300k}, plain bytes; units are binary (k = 1024) and case-insensitive.
 */
public final class ByteSizes {
  private static final Pattern SIZE =
      Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?$", Pattern.CASE_INSENSITIVE);

  private ByteSizes() {}

  /** The number of bytes {@code text} denotes, or empty when it is not a size. */
  public static OptionalLong parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    int power =
        m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT).charAt(0)) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(bytes.longValue());
  }
}
