package dev.banyan.cli.top;

import com.googlecode.lanterna.input.KeyStroke;
import dev.banyan.cli.top.TopEvent.Key;
import dev.banyan.cli.top.TopEvent.KeyKind;

/** Translates Lanterna's key strokes into {@code top}'s own keys, so update() knows no Lanterna. */
final class Keys {
  private Keys() {}

  static Key from(KeyStroke stroke) {
    if (stroke.isCtrlDown()
        && stroke.getCharacter() != null
        && (stroke.getCharacter() == 'c' || stroke.getCharacter() == 'd')) {
      return Key.of(KeyKind.INTERRUPT);
    }
    return switch (stroke.getKeyType()) {
      case Character -> Key.of(stroke.getCharacter());
      case ArrowUp -> Key.of(KeyKind.UP);
      case ArrowDown -> Key.of(KeyKind.DOWN);
      case PageUp -> Key.of(KeyKind.PAGE_UP);
      case PageDown -> Key.of(KeyKind.PAGE_DOWN);
      case Home -> Key.of(KeyKind.HOME);
      case End -> Key.of(KeyKind.END);
      case Tab -> Key.of(KeyKind.TAB);
      case ReverseTab -> Key.of(KeyKind.BACK_TAB);
      case Enter -> Key.of(KeyKind.ENTER);
      case Escape -> Key.of(KeyKind.ESCAPE);
      case Backspace -> Key.of(KeyKind.BACKSPACE);
      case EOF -> Key.of(KeyKind.INTERRUPT);
      default -> Key.of(KeyKind.OTHER);
    };
  }
}
