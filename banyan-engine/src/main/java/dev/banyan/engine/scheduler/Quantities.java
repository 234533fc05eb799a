package dev.banyan.engine.scheduler;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats CPU and memory amounts the way operators write them: "1.5", "4 GiB", "512 MiB". */
public final class Quantities {
  private static final long KIB = 1024;
  private static final long MIB = KIB * 1024;
  private static final long GIB = MIB * 1024;
  private static final long TIB = GIB * 1024;

  private Quantities() {}

  /** Cores with at most two decimals and no trailing zeros: "2", "1.5", "0.25". */
  public static String cpus(double cores) {
    return BigDecimal.valueOf(cores)
        .setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** "2 CPUs", "1 CPU", "0.5 CPU". */
  public static String cpusWithUnit(double cores) {
    return cpus(cores) + (cores > 1 ? " CPUs" : " CPU");
  }

  /** Bytes in the largest binary unit that keeps the number at least 1: "3.5 GiB", "512 MiB". */
  public static String memory(long bytes) {
    long[] units = {TIB, GIB, MIB, KIB};
    String[] names = {"TiB", "GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      if (bytes >= units[i]) {
        return BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(units[i]), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString()
            + " "
            + names[i];
      }
    }
    return bytes + " B";
  }
}
