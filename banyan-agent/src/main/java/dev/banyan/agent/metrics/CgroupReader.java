package dev.banyan.agent.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads a process's cgroup usage from the cgroup filesystem, v1 (one hierarchy per controller, also
 * the hybrid layout) or v2 (one unified hierarchy). The process's own {@code /proc/PID/cgroup} says
 * where its cgroup is, so this works for any cgroup manager (cgroupfs or systemd).
 */
public final class CgroupReader {
  // v1 writes a page-rounded LONG_MAX for "no limit".
  private static final long V1_UNLIMITED = 1L << 62;

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final Path cgroupRoot;
  private final Path procRoot;
  private final boolean unified;
  // A container's process keeps its cgroup: resolve /proc/PID/cgroup once per process.
  private final Map<Integer, Map<String, String>> pathsByPid = new ConcurrentHashMap<>();

  public CgroupReader(Path cgroupRoot, Path procRoot) {
    this.cgroupRoot = cgroupRoot;
    this.procRoot = procRoot;
    this.unified = Files.exists(cgroupRoot.resolve("cgroup.controllers"));
  }

  /** The host's {@code /sys/fs/cgroup} and {@code /proc}. */
  public static CgroupReader host() {
    return new CgroupReader(Path.of("/sys/fs/cgroup"), Path.of("/proc"));
  }

  /** Whether the host uses the unified (v2-only) hierarchy. */
  public boolean unified() {
    return unified;
  }

  /** Forgets the cgroups of processes not in {@code live}. */
  public void retain(java.util.Set<Integer> live) {
    pathsByPid.keySet().retainAll(live);
  }

  /** The usage of the cgroup holding {@code pid}; empty when it cannot be read. */
  public Optional<CgroupStats> read(int pid) {
    try {
      Map<String, String> paths = pathsByPid.get(pid);
      if (paths == null) {
        paths = parseProcCgroup(Files.readAllLines(procRoot.resolve(pid + "/cgroup")));
        pathsByPid.put(pid, paths);
      }
      return Optional.of(unified ? readV2(paths) : readV1(paths));
    } catch (IOException | RuntimeException e) {
      // The process may be gone (and its pid reused later): resolve again next time.
      pathsByPid.remove(pid);
      return Optional.empty();
    }
  }

  /**
   * Maps each controller to its cgroup path from {@code /proc/PID/cgroup} lines such as {@code
   * 4:memory:/libpod_parent/libpod-abc} or {@code 2:cpu,cpuacct:/x}; the v2 line {@code 0::/x} is
   * under the key "".
   */
  static Map<String, String> parseProcCgroup(List<String> lines) {
    Map<String, String> out = new HashMap<>();
    for (String line : lines) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[1].isEmpty()) {
        out.put("", f[2]);
      }
      for (String controller : f[1].split(",", -1)) {
        if (!controller.isEmpty()) {
          out.put(controller, f[2]);
        }
      }
    }
    return out;
  }

  private CgroupStats readV1(Map<String, String> paths) throws IOException {
    Path cpu = dir("cpuacct", paths);
    Path memory = dir("memory", paths);
    Path blkio = dir("blkio", paths);
    long usageNanos = Long.parseLong(read(cpu.resolve("cpuacct.usage")));
    long usage = Long.parseLong(read(memory.resolve("memory.usage_in_bytes")));
    Map<String, Long> stat = keyValues(read(memory.resolve("memory.stat")));
    long inactive =
        stat.getOrDefault("total_inactive_file", stat.getOrDefault("inactive_file", 0L));
    long limit = Long.parseLong(read(memory.resolve("memory.limit_in_bytes")));
    long[] io = blkioV1(blkio);
    return new CgroupStats(
        usageNanos / 1e9,
        Math.max(0, usage - inactive),
        limit >= V1_UNLIMITED ? 0 : limit,
        io[0],
        io[1]);
  }

  private Path dir(String controller, Map<String, String> paths) {
    String path = paths.get(controller);
    if (path == null) {
      throw new IllegalStateException("no " + controller + " cgroup");
    }
    Path base = cgroupRoot.resolve(controller);
    if (!Files.isDirectory(base)) {
      // Joined mounts such as cpu,cpuacct.
      base = cgroupRoot.resolve("cpu,cpuacct");
    }
    return base.resolve(path.substring(1));
  }

  private static long[] blkioV1(Path blkio) throws IOException {
    Path file = blkio.resolve("blkio.throttle.io_service_bytes_recursive");
    if (!Files.exists(file)) {
      file = blkio.resolve("blkio.throttle.io_service_bytes");
    }
    return parseBlkioV1(read(file));
  }

  /** Sums "MAJ:MIN Read N" / "MAJ:MIN Write N" lines of {@code blkio.*io_service_bytes}. */
  static long[] parseBlkioV1(String text) {
    long read = 0;
    long write = 0;
    for (String line : text.split("\n", -1)) {
      String[] f = SPACES.split(line.trim(), -1);
      if (f.length == 3) {
        if (f[1].equals("Read")) {
          read += Long.parseLong(f[2]);
        } else if (f[1].equals("Write")) {
          write += Long.parseLong(f[2]);
        }
      }
    }
    return new long[] {read, write};
  }

  private CgroupStats readV2(Map<String, String> paths) throws IOException {
    String path = paths.get("");
    if (path == null) {
      throw new IllegalStateException("no unified cgroup");
    }
    Path dir = cgroupRoot.resolve(path.substring(1));
    Map<String, Long> cpu = keyValues(read(dir.resolve("cpu.stat")));
    long current = Long.parseLong(read(dir.resolve("memory.current")));
    long inactive = value(read(dir.resolve("memory.stat")), "inactive_file").orElse(0);
    String max = read(dir.resolve("memory.max"));
    long[] io =
        Files.exists(dir.resolve("io.stat"))
            ? parseIoStatV2(read(dir.resolve("io.stat")))
            : new long[2];
    return new CgroupStats(
        cpu.getOrDefault("usage_usec", 0L) / 1e6,
        Math.max(0, current - inactive),
        max.equals("max") ? 0 : Long.parseLong(max),
        io[0],
        io[1]);
  }

  /** Sums {@code rbytes=} and {@code wbytes=} over the devices of a v2 {@code io.stat}. */
  static long[] parseIoStatV2(String text) {
    long read = 0;
    long write = 0;
    for (String line : text.split("\n", -1)) {
      for (String field : SPACES.split(line.trim(), -1)) {
        if (field.startsWith("rbytes=")) {
          read += Long.parseLong(field.substring(7));
        } else if (field.startsWith("wbytes=")) {
          write += Long.parseLong(field.substring(7));
        }
      }
    }
    return new long[] {read, write};
  }

  /** The value of the line starting with {@code key} and a space, without parsing the rest. */
  static OptionalLong value(String text, String key) {
    int at = text.startsWith(key + " ") ? 0 : text.indexOf("\n" + key + " ");
    if (at < 0) {
      return OptionalLong.empty();
    }
    int start = text.indexOf(' ', at + (at == 0 ? 0 : 1)) + 1;
    int end = text.indexOf('\n', start);
    return OptionalLong.of(
        Long.parseLong(text.substring(start, end < 0 ? text.length() : end).trim()));
  }

  /** "key value" lines (cpu.stat, memory.stat) as a map; other lines are skipped. */
  static Map<String, Long> keyValues(String text) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      String[] f = SPACES.split(line.trim(), -1);
      if (f.length == 2) {
        try {
          out.put(f[0], Long.parseLong(f[1]));
        } catch (NumberFormatException e) {
          // Not a counter.
        }
      }
    }
    return out;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file).trim();
  }
}
