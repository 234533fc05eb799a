package dev.banyan.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real wrappers in {@code bin/} (and so the real shaded jars) as separate processes. */
public final class Binaries {
  private static final long TIMEOUT_SECONDS = 180;

  private Binaries() {}

  /** The checkout's root, passed by Maven as {@code banyan.home}. */
  public static Path home() {
    return Path.of(System.getProperty("banyan.home", "..")).toAbsolutePath().normalize();
  }

  public static Path wrapper(String binary) {
    return home().resolve("bin").resolve(binary);
  }

  /** Runs a binary to completion from a temporary working directory. */
  public static ProcessResult run(String binary, List<String> args) {
    return run(binary, args, Map.of(), null);
  }

  /** Runs a binary to completion with extra environment and an optional standard input. */
  public static ProcessResult run(
      String binary, List<String> args, Map<String, String> env, String stdin) {
    List<String> command = new ArrayList<>();
    command.add(wrapper(binary).toString());
    command.addAll(args);
    return exec(command, env, stdin);
  }

  /** Runs a command to completion in {@code workingDir}. */
  public static ProcessResult execIn(
      Path workingDir, List<String> command, Map<String, String> env) {
    return exec(workingDir, command, env, null);
  }

  /** Runs any command to completion; output is captured through files so nothing can block. */
  public static ProcessResult exec(List<String> command, Map<String, String> env, String stdin) {
    return exec(null, command, env, stdin);
  }

  private static ProcessResult exec(
      Path workingDir, List<String> command, Map<String, String> env, String stdin) {
    try {
      Path dir = Files.createTempDirectory("banyan-e2e-run");
      Path out = dir.resolve("out");
      Path err = dir.resolve("err");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory((workingDir == null ? dir : workingDir).toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env);
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process p = pb.start();
      if (stdin != null) {
        try (var in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      ProcessResult result =
          new ProcessResult(
              p.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      Files.deleteIfExists(dir);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
