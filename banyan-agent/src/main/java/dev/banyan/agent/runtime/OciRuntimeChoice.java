package dev.banyan.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Decides which OCI runtime podman should use. crun refuses hybrid cgroup hosts (cgroup v1
 * controllers plus {@code /sys/fs/cgroup/unified}); runc handles them, so it is chosen there.
 */
public final class OciRuntimeChoice {
  private OciRuntimeChoice() {}

  /**
   * The pure rule: on a hybrid host with runc available, runc; otherwise podman's own default.
   *
   * @param cgroupFsType the file system type mounted at {@code /sys/fs/cgroup}
   * @param unifiedPresent whether {@code /sys/fs/cgroup/unified} exists
   * @param runc where runc is, if it is installed
   */
  public static Optional<String> choose(
      String cgroupFsType, boolean unifiedPresent, Optional<Path> runc) {
    boolean hybrid = !cgroupFsType.equals("cgroup2") && unifiedPresent;
    return hybrid ? runc.map(Path::toString) : Optional.empty();
  }

  /** Applies {@link #choose} to this host. */
  public static Optional<String> detect() {
    return choose(
        cgroupFsType(), Files.isDirectory(Path.of("/sys/fs/cgroup/unified")), which("runc"));
  }

  /** The file system type at /sys/fs/cgroup according to /proc/mounts. */
  static String cgroupFsType() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        String[] f = line.split(" ", -1);
        if (f.length > 2 && f[1].equals("/sys/fs/cgroup")) {
          return f[2];
        }
      }
    } catch (IOException e) {
      // No /proc/mounts: not Linux as we know it; leave the default.
    }
    return "unknown";
  }

  /** Finds {@code program} on PATH (plus the sbin directories a service's PATH may lack). */
  public static Optional<Path> which(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = new java.util.ArrayList<>(List.of(path.split(":", -1)));
    dirs.addAll(
        List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
