package dev.banyan.agent.node;

import dev.banyan.agent.runtime.ContainerConfig.Ulimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every container explicit {@code nofile} and {@code nproc} limits the host can grant
 * (podman's defaults fail on hosts with lower hard limits) and clamps a manifest's ulimits to the
 * host.
 */
public final class UlimitPolicy {
  /** More open files than most services need, and what systemd gives services by default. */
  static final long NOFILE_CAP = 65536;

  static final long NPROC_CAP = 65536;

  private final HostLimits host;

  public UlimitPolicy(HostLimits host) {
    this.host = host;
  }

  /** The outcome: limits to pass to the runtime and a note per clamped limit. */
  public record Result(List<Ulimit> ulimits, List<String> warnings) {
    public Result {
      ulimits = List.copyOf(ulimits);
      warnings = List.copyOf(warnings);
    }
  }

  /** The default {@code nofile} limit: min(hard nofile, 65536). */
  public long defaultNofile() {
    return Math.min(host.hardLimit("nofile").orElse(1024L), NOFILE_CAP);
  }

  /** The default {@code nproc} limit: min(hard nproc, pid_max - 1, 65536). */
  public long defaultNproc() {
    return Math.min(Math.min(host.hardLimit("nproc").orElse(4096L), host.pidMax() - 1), NPROC_CAP);
  }

  /** The ulimits for a container whose manifest asks for {@code requested}. */
  public Result apply(List<Ulimit> requested) {
    Map<String, Ulimit> out = new LinkedHashMap<>();
    out.put("nofile", new Ulimit("nofile", defaultNofile(), defaultNofile()));
    out.put("nproc", new Ulimit("nproc", defaultNproc(), defaultNproc()));
    List<String> warnings = new ArrayList<>();
    for (Ulimit u : requested) {
      long max = maxFor(u.name());
      long hard = u.hard() <= 0 ? u.soft() : u.hard();
      long soft = u.soft() <= 0 ? hard : u.soft();
      if (hard > max || soft > max) {
        warnings.add(
            "ulimit "
                + u.name()
                + " "
                + soft
                + ":"
                + hard
                + " clamped to "
                + Math.min(soft, max)
                + ":"
                + Math.min(hard, max)
                + " (host limit)");
        hard = Math.min(hard, max);
        soft = Math.min(soft, max);
      }
      out.put(u.name(), new Ulimit(u.name(), Math.min(soft, hard), hard));
    }
    return new Result(new ArrayList<>(out.values()), warnings);
  }

  private long maxFor(String name) {
    long max = host.hardLimit(name).orElse(Long.MAX_VALUE);
    if (name.equals("nproc")) {
      max = Math.min(max, host.pidMax() - 1);
    }
    return max;
  }
}
