package dev.banyan.agent.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hard resource limits of the agent's own process (from {@code /proc/self/limits}) and the
 * kernel's {@code pid_max}: containers cannot be given more than this.
 *
 * @param hard hard limit per ulimit name ({@code nofile}, {@code nproc}, ...); absent = unknown,
 *     {@link Long#MAX_VALUE} = unlimited
 */
public record HostLimits(Map<String, Long> hard, long pidMax) {
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("Max cpu time", "cpu"),
          Map.entry("Max file size", "fsize"),
          Map.entry("Max data size", "data"),
          Map.entry("Max stack size", "stack"),
          Map.entry("Max core file size", "core"),
          Map.entry("Max resident set", "rss"),
          Map.entry("Max processes", "nproc"),
          Map.entry("Max open files", "nofile"),
          Map.entry("Max locked memory", "memlock"),
          Map.entry("Max address space", "as"),
          Map.entry("Max file locks", "locks"),
          Map.entry("Max pending signals", "sigpending"),
          Map.entry("Max msgqueue size", "msgqueue"),
          Map.entry("Max nice priority", "nice"),
          Map.entry("Max realtime priority", "rtprio"),
          Map.entry("Max realtime timeout", "rttime"));

  public HostLimits {
    hard = Map.copyOf(hard);
  }

  /** The hard limit for a ulimit name, if known. */
  public Optional<Long> hardLimit(String name) {
    return Optional.ofNullable(hard.get(name));
  }

  /** Parses the text of {@code /proc/self/limits} and {@code /proc/sys/kernel/pid_max}. */
  public static HostLimits parse(String limitsText, String pidMaxText) {
    Map<String, Long> hard = new TreeMap<>();
    for (String line : limitsText.split("\n", -1)) {
      for (Map.Entry<String, String> e : NAMES.entrySet()) {
        if (line.startsWith(e.getKey() + " ")) {
          // Columns: name (padded), soft, hard, units; the name is fixed-width text.
          String[] cols = line.substring(e.getKey().length()).trim().split("\\s+", -1);
          if (cols.length >= 2) {
            hard.put(e.getValue(), value(cols[1]));
          }
        }
      }
    }
    long pidMax = 32768;
    try {
      pidMax = Long.parseLong(pidMaxText.strip());
    } catch (NumberFormatException e) {
      // Keep the kernel's traditional default.
    }
    return new HostLimits(hard, pidMax);
  }

  private static long value(String text) {
    if (text.equals("unlimited")) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Reads this process's limits. */
  public static HostLimits read() {
    return parse(
        readOr(Path.of("/proc/self/limits"), ""), readOr(Path.of("/proc/sys/kernel/pid_max"), ""));
  }

  private static String readOr(Path path, String fallback) {
    // Not Files.readString: on JDK 17 it trusts the size procfs reports and returned "3" for
    // /proc/sys/kernel/pid_max (32768), which made every container's nproc limit 2.
    try (java.io.InputStream in = Files.newInputStream(path)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return fallback;
    }
  }
}
