package dev.banyan.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.banyan.agent.runtime.Json;
import dev.banyan.agent.runtime.ProcessRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime's own statistics ({@code podman stats --no-stream --format json}), used for the
 * containers whose cgroup files cannot be read (another host layout, a runtime in a VM).
 */
public final class RuntimeStatsFallback {
  /** What the runtime reports for one container; network counters as a pair. */
  public record Stats(CgroupStats cgroup, long rxBytes, long txBytes) {}

  private static final Pattern DURATION_PART = Pattern.compile("([0-9.]+)(ms|µs|us|ns|h|m|s)");
  private static final Pattern SIZE = Pattern.compile("([0-9.]+)\\s*([a-zA-Z]*)");

  private final List<String> base;
  private final ProcessRunner runner;

  /** {@code base}: the runtime's argv prefix, e.g. {@code [podman]}. */
  public RuntimeStatsFallback(List<String> base, ProcessRunner runner) {
    this.base = List.copyOf(base);
    this.runner = runner;
  }

  /** Stats of the given containers by id; containers the runtime did not report are absent. */
  public Map<String, Stats> read(List<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<String> argv = new ArrayList<>(base);
    argv.addAll(List.of("stats", "--no-stream", "--format", "json"));
    argv.addAll(ids);
    ProcessRunner.Result r = runner.run(argv, Duration.ofSeconds(30));
    if (!r.ok()) {
      return Map.of();
    }
    Map<String, Stats> out = new HashMap<>();
    parse(r.stdout())
        .forEach(
            (shortId, stats) ->
                ids.stream()
                    .filter(id -> id.startsWith(shortId))
                    .forEach(id -> out.put(id, stats)));
    return out;
  }

  /** Parses podman's JSON array; keys are the (possibly shortened) ids it prints. */
  static Map<String, Stats> parse(String json) {
    Map<String, Stats> out = new HashMap<>();
    try {
      for (JsonNode c : Json.read(json)) {
        long[] mem = pair(c.path("mem_usage").asText(""));
        long[] net = pair(c.path("net_io").asText(""));
        long[] io = pair(c.path("block_io").asText(""));
        out.put(
            c.path("id").asText(""),
            new Stats(
                new CgroupStats(
                    goDuration(c.path("cpu_time").asText("")), mem[0], mem[1], io[0], io[1]),
                net[0],
                net[1]));
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return out;
  }

  /** "426kB / 25.28GB" as two byte counts. */
  static long[] pair(String text) {
    String[] parts = text.split("/", -1);
    return new long[] {bytes(parts[0]), parts.length > 1 ? bytes(parts[1]) : 0};
  }

  /** A human size ("426kB", "1.5MiB", "90B") in bytes; SI and binary prefixes. */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      return 0;
    }
    double v = Double.parseDouble(m.group(1));
    double factor =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "kb" -> 1e3;
          case "mb" -> 1e6;
          case "gb" -> 1e9;
          case "tb" -> 1e12;
          case "kib" -> 1024.0;
          case "mib" -> 1024.0 * 1024;
          case "gib" -> 1024.0 * 1024 * 1024;
          case "tib" -> 1024.0 * 1024 * 1024 * 1024;
          default -> 1;
        };
    return (long) (v * factor);
  }

  /** A Go duration ("1m2.5s", "25.6ms") in seconds. */
  static double goDuration(String text) {
    Matcher m = DURATION_PART.matcher(text.trim());
    double seconds = 0;
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      seconds +=
          switch (m.group(2)) {
            case "h" -> v * 3600;
            case "m" -> v * 60;
            case "s" -> v;
            case "ms" -> v / 1e3;
            case "µs", "us" -> v / 1e6;
            default -> v / 1e9;
          };
    }
    return seconds;
  }
}
