package dev.banyan.engine.loop;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one controller's pass on its own thread: when triggered (store changes) and on a periodic
 * tick, so a missed event is repaired by the next pass. Triggers that arrive while a pass is queued
 * are coalesced.
 */
public final class ReconcileLoop {
  private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

  private final String name;
  private final Runnable pass;
  private final Duration tick;
  private final AtomicBoolean queued = new AtomicBoolean();
  private ScheduledExecutorService executor;

  public ReconcileLoop(String name, Runnable pass, Duration tick) {
    this.name = name;
    this.pass = pass;
    this.tick = tick;
  }

  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    var unused =
        executor.scheduleWithFixedDelay(this::trigger, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks for a pass soon; cheap and safe to call from any thread. */
  public synchronized void trigger() {
    if (executor != null && !executor.isShutdown() && queued.compareAndSet(false, true)) {
      executor.execute(this::runPass);
    }
  }

  private void runPass() {
    queued.set(false);
    try {
      pass.run();
    } catch (RuntimeException e) {
      log.warn("{} pass failed; the next pass retries: {}", name, e.toString());
      log.debug("{} pass failure", name, e);
    }
  }

  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }
}
