package dev.banyan.agent.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsers of the {@code /proc} files the collector reads: network counters and CPU time. */
public final class ProcFiles {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private ProcFiles() {}

  /** Received and transmitted bytes summed over every interface but {@code lo}. */
  public static long[] parseNetDev(String text) {
    long rx = 0;
    long tx = 0;
    for (String line : text.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) {
        continue;
      }
      if (line.substring(0, colon).trim().equals("lo")) {
        continue;
      }
      String[] f = SPACES.split(line.substring(colon + 1).trim(), -1);
      if (f.length >= 9) {
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
    }
    return new long[] {rx, tx};
  }

  /** A process's network namespace counters from {@code /proc/PID/net/dev}. */
  public static Optional<long[]> netDev(Path procRoot, int pid) {
    try {
      return Optional.of(parseNetDev(Files.readString(procRoot.resolve(pid + "/net/dev"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The busy and total CPU time of the host in clock ticks from the first line of {@code
   * /proc/stat} ("cpu user nice system idle iowait irq softirq steal ...").
   */
  public static long[] parseCpuStat(String text) {
    String first = text.lines().findFirst().orElse("");
    String[] f = SPACES.split(first.trim(), -1);
    long total = 0;
    long idle = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      long v = Long.parseLong(f[i]);
      total += v;
      if (i == 4 || i == 5) {
        idle += v;
      }
    }
    return new long[] {total - idle, total};
  }
}
