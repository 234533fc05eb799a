package dev.banyan.cli.top;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the engine on a background thread and feeds {@link TopEvent.DataArrived} or, when it cannot
 * be reached, {@link TopEvent.EngineLost}; it keeps polling, so the view recovers by itself.
 */
public final class Poller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Poller.class);

  private final Supplier<ClusterData> source;
  private final Consumer<TopEvent> sink;
  private final Duration interval;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "top-poller");
            t.setDaemon(true);
            return t;
          });

  public Poller(Supplier<ClusterData> source, Consumer<TopEvent> sink, Duration interval) {
    this.source = source;
    this.sink = sink;
    this.interval = interval;
  }

  /** Starts polling now and then every interval after the previous poll finished. */
  public void start() {
    executor.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void pollOnce() {
    try {
      sink.accept(new TopEvent.DataArrived(source.get()));
    } catch (RuntimeException e) {
      log.debug("poll failed", e);
      sink.accept(new TopEvent.EngineLost(shortReason(e)));
    }
  }

  /** The user-facing sentence up to its advice, which does not fit in a status line. */
  static String shortReason(RuntimeException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int advice = text.indexOf("; ");
    return advice > 0 ? text.substring(0, advice) : text;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
