package dev.banyan.e2e.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waits until {@code banyan-cli nodes} lists enough READY nodes, and says why when it does not. */
public final class NodesReady {
  private NodesReady() {}

  /**
   * Polls {@code nodes} (a {@code banyan-cli nodes} run) for up to 90 s; on time-out fails with its
   * last output and {@code diagnostics} (the processes' logs).
   */
  public static void await(int count, Supplier<ProcessResult> nodes, Supplier<String> diagnostics) {
    AtomicReference<ProcessResult> last = new AtomicReference<>();
    try {
      Awaitility.await("nodes READY")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                ProcessResult r = nodes.get();
                last.set(r);
                return r.exitCode() == 0
                    && r.stdout().lines().filter(l -> l.contains(" READY ")).count() >= count;
              });
    } catch (ConditionTimeoutException e) {
      ProcessResult r = last.get();
      throw new AssertionError(
          count
              + " nodes did not become READY; last 'banyan-cli nodes': "
              + (r == null ? "never finished" : r.describe())
              + diagnostics.get(),
          e);
    }
  }
}
