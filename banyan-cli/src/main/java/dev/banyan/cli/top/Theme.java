package dev.banyan.cli.top;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.nio.charset.Charset;

/**
 * How {@code top} styles text: with colours, or without any (for {@code --no-color} and {@code
 * NO_COLOR}, where only reverse video and bold mark the selection); with Unicode glyphs, or ASCII
 * when the terminal's charset cannot show them.
 */
public record Theme(boolean colour, boolean unicode) {
  /** What a piece of text is, which decides how it looks. */
  enum Style {
    NORMAL,
    BAR,
    ALERT,
    TITLE,
    TITLE_FOCUSED,
    SELECTED,
    SELECTED_UNFOCUSED,
    GOOD,
    WARN,
    BAD,
    DIM
  }

  /** Unicode glyphs when {@code charset} can encode them. */
  public static Theme of(boolean colour, Charset charset) {
    return new Theme(colour, charset.newEncoder().canEncode("▁█…"));
  }

  char ellipsis() {
    return unicode ? '…' : '~';
  }

  /** Sparkline levels, lowest first. */
  String sparkLevels() {
    return unicode ? "▁▂▃▄▅▆▇█" : "_.-=+*#";
  }

  /** Sets {@code g}'s colours and modifiers for {@code style}. */
  void apply(TextGraphics g, Style style) {
    g.setForegroundColor(TextColor.ANSI.DEFAULT);
    g.setBackgroundColor(TextColor.ANSI.DEFAULT);
    g.clearModifiers();
    switch (style) {
      case BAR, TITLE_FOCUSED, SELECTED -> g.enableModifiers(SGR.REVERSE);
      case TITLE, SELECTED_UNFOCUSED, ALERT -> g.enableModifiers(SGR.BOLD);
      default -> {}
    }
    if (!colour) {
      return;
    }
    switch (style) {
      case BAR -> {
        g.clearModifiers();
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        g.setBackgroundColor(TextColor.ANSI.BLUE);
      }
      case ALERT -> {
        g.setForegroundColor(TextColor.ANSI.WHITE_BRIGHT);
        g.setBackgroundColor(TextColor.ANSI.RED);
      }
      case TITLE -> g.setForegroundColor(TextColor.ANSI.CYAN);
      case TITLE_FOCUSED -> {
        g.clearModifiers();
        g.enableModifiers(SGR.BOLD);
        g.setForegroundColor(TextColor.ANSI.BLACK);
        g.setBackgroundColor(TextColor.ANSI.CYAN);
      }
      case GOOD -> g.setForegroundColor(TextColor.ANSI.GREEN);
      case WARN -> g.setForegroundColor(TextColor.ANSI.YELLOW);
      case BAD -> g.setForegroundColor(TextColor.ANSI.RED_BRIGHT);
      case DIM -> g.setForegroundColor(TextColor.ANSI.BLACK_BRIGHT);
      default -> {}
    }
  }
}
