package dev.banyan.cli.top;

import java.time.Instant;

/** Everything that can change what {@code top} shows; {@link TopUpdate} folds them into a model. */
public sealed interface TopEvent {
  /** A key the user pressed, reduced to what {@code top} distinguishes. */
  record Key(KeyKind kind, char character) implements TopEvent {
    /** A printable character. */
    public static Key of(char c) {
      return new Key(KeyKind.CHARACTER, c);
    }

    /** A special key such as an arrow or Tab. */
    public static Key of(KeyKind kind) {
      return new Key(kind, '\0');
    }

    boolean is(char c) {
      return kind == KeyKind.CHARACTER && character == c;
    }
  }

  /** Keys other than printable characters. */
  enum KeyKind {
    CHARACTER,
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    HOME,
    END,
    TAB,
    BACK_TAB,
    ENTER,
    ESCAPE,
    BACKSPACE,
    INTERRUPT,
    OTHER
  }

  /** The clock moved on (ages and the header's time are redrawn). */
  record Tick(Instant now) implements TopEvent {}

  /** A fresh answer from the engine. */
  record DataArrived(ClusterData data) implements TopEvent {}

  /** The engine could not be reached; the poller keeps trying. */
  record EngineLost(String reason) implements TopEvent {}

  /** A line from the log stream of {@code source}. */
  record LogArrived(LogSource source, String line) implements TopEvent {}

  /** The terminal now has this many columns and rows. */
  record Resize(int columns, int rows) implements TopEvent {}
}
