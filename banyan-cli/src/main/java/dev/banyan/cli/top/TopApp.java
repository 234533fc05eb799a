package dev.banyan.cli.top;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell around the pure parts: one thread reads keys, the poller and log tail add data, a
 * ticker adds the time; the main loop folds every queued event into the model with {@link
 * TopUpdate}, then draws once with {@link TopView} (so bursts of events cost one frame).
 */
public final class TopApp {
  private static final Logger log = LoggerFactory.getLogger(TopApp.class);
  private static final long TICK_MILLIS = 1000;

  private final Screen screen;
  private final TopView view;
  private final Clock clock;
  private final BlockingQueue<TopEvent> events = new LinkedBlockingQueue<>();

  public TopApp(Screen screen, TopView view, Clock clock) {
    this.screen = screen;
    this.view = view;
    this.clock = clock;
  }

  /** Where background threads put their events. */
  public Consumer<TopEvent> sink() {
    return events::add;
  }

  /**
   * Runs until the user quits; {@code logs} is told the log pane's source after every change. The
   * screen must already be started.
   */
  public TopModel run(TopModel initial, Consumer<Optional<LogSource>> logs)
      throws IOException, InterruptedException {
    if (screen instanceof TerminalScreen terminalScreen) {
      // Wakes the loop at once on a resize instead of at the next tick.
      terminalScreen
          .getTerminal()
          .addResizeListener((terminal, newSize) -> events.add(new TopEvent.Tick(clock.instant())));
    }
    Thread input = daemon("top-keys", this::readKeys);
    Thread ticker = daemon("top-tick", this::tick);
    input.start();
    ticker.start();
    TerminalSize size = screen.getTerminalSize();
    TopModel model =
        TopUpdate.update(initial, new TopEvent.Resize(size.getColumns(), size.getRows()));
    draw(model, Screen.RefreshType.COMPLETE);
    try {
      while (!model.quit()) {
        TopModel before = model;
        boolean resized = false;
        TopEvent event = events.take();
        while (event != null) {
          model = TopUpdate.update(model, event);
          event = model.quit() ? null : events.poll();
        }
        if (model.quit()) {
          break;
        }
        // Lanterna applies a pending resize only when asked; every wake-up (at least the
        // ticker's, once a second) asks.
        TerminalSize now = screen.doResizeIfNecessary();
        if (now != null) {
          model = TopUpdate.update(model, new TopEvent.Resize(now.getColumns(), now.getRows()));
          resized = true;
        }
        if (!model.logSource().equals(before.logSource())) {
          logs.accept(model.logSource());
        }
        if (model != before) {
          draw(model, resized ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        }
      }
    } finally {
      input.interrupt();
      ticker.interrupt();
    }
    return model;
  }

  private void draw(TopModel model, Screen.RefreshType refresh) throws IOException {
    view.render(model, screen.newTextGraphics());
    screen.setCursorPosition(null);
    screen.refresh(refresh);
  }

  private void readKeys() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        KeyStroke stroke = screen.readInput();
        if (stroke == null) {
          continue;
        }
        events.add(Keys.from(stroke));
        if (stroke.getKeyType() == com.googlecode.lanterna.input.KeyType.EOF) {
          return;
        }
      }
    } catch (IOException e) {
      log.debug("reading keys failed", e);
      events.add(TopEvent.Key.of(TopEvent.KeyKind.INTERRUPT));
    }
  }

  private void tick() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(TICK_MILLIS);
        events.add(new TopEvent.Tick(clock.instant()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
