package dev.banyan.vpc.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link CommandExecutor} that starts real processes, with a timeout per command. */
public final class ProcessCommandExecutor implements CommandExecutor {
  private static final Logger log = LoggerFactory.getLogger(ProcessCommandExecutor.class);

  private final Duration timeout;

  public ProcessCommandExecutor(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public CommandResult run(List<String> argv) {
    log.debug("running {}", argv);
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
      process.getOutputStream().close(); // no input: a command that reads stdin sees EOF
    } catch (IOException e) {
      // A missing binary (iptables, podman) is reported as a failed command, like a shell would.
      return new CommandResult(argv, 127, "", e.getMessage());
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new CommandResult(
            argv, 124, out.getNow(""), "timed out after " + timeout.toSeconds() + " s");
      }
      return new CommandResult(
          argv, process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + argv, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the output of " + argv, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        // One thread per stream: the common pool may have a single thread on small machines, and
        // a stream left unread can block the child forever.
        task -> {
          Thread t = new Thread(task, "command-output");
          t.setDaemon(true);
          t.start();
        });
  }
}
