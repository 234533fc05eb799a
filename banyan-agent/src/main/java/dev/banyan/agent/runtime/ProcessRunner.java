package dev.banyan.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs CLI commands: to completion with captured output, or as a line stream. */
public class ProcessRunner {

  /** The outcome of a finished command. */
  public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
    /** Whether the command exited 0 in time. */
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }
  }

  /** Runs {@code argv} and waits up to {@code timeout} for it; a late process is killed. */
  public Result run(List<String> argv, Duration timeout) {
    Process process = startProcess(argv);
    CompletableFuture<String> out = readAll(process.getInputStream());
    CompletableFuture<String> err = readAll(process.getErrorStream());
    try {
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      return new Result(
          finished ? process.exitValue() : -1,
          out.get(5, TimeUnit.SECONDS),
          err.get(5, TimeUnit.SECONDS),
          !finished);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ContainerRuntimeException("interrupted while running " + argv.get(0), e);
    } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new ContainerRuntimeException("could not read the output of " + argv.get(0), e);
    }
  }

  /** A command whose output is read line by line until it ends or is closed. */
  public Subscription stream(
      List<String> argv, Consumer<String> onStdout, Consumer<String> onStderr, Runnable onEnd) {
    Process process = startProcess(argv);
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Nothing to do: the tool does not read its input.
    }
    Thread errReader = readLines(process.getErrorStream(), onStderr, argv.get(0) + "-stderr");
    Thread outReader = readLines(process.getInputStream(), onStdout, argv.get(0) + "-stdout");
    Thread waiter =
        new Thread(
            () -> {
              try {
                outReader.join();
                errReader.join();
                process.waitFor();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              onEnd.run();
            },
            argv.get(0) + "-waiter");
    waiter.setDaemon(true);
    waiter.start();
    return () -> {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    };
  }

  private static Process startProcess(List<String> argv) {
    try {
      return new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new ContainerRuntimeException(
          "cannot run " + argv.get(0) + " (" + e.getMessage() + "); is it installed and on PATH?",
          e);
    }
  }

  private static CompletableFuture<String> readAll(InputStream in) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "cli-output");
    t.setDaemon(true);
    t.start();
    return result;
  }

  private static Thread readLines(InputStream in, Consumer<String> onLine, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // The stream was closed: the subscription ended.
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
