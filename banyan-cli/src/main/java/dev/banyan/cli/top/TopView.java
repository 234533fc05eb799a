package dev.banyan.cli.top;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import dev.banyan.cli.top.Theme.Style;
import dev.banyan.cli.top.TopModel.Connection;
import dev.banyan.cli.top.TopModel.Pane;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Draws a {@link TopModel} onto a Lanterna {@link TextGraphics}: header, nodes, services, the
 * selected service's containers, the log pane, a status line and the help bar. Only rows that fit
 * are formatted, so a hundred containers cost no more than the screen shows.
 */
public final class TopView {
  static final String HELP_BAR =
      "q quit  j/k move  Tab pane  Enter open  s sort  / filter  l logs  ? help";
  static final String METRICS_UNAVAILABLE = "metrics unavailable";
  static final int MIN_COLUMNS = 40;
  static final int MIN_ROWS = 10;
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final List<String> HELP =
      List.of(
          "banyan top: live view of the cluster",
          "",
          "j / Down      next row",
          "k / Up        previous row",
          "g / G         first / last row",
          "PgUp / PgDn   ten rows up / down",
          "Tab           next pane (nodes, services, containers)",
          "Enter         open the selected service's containers",
          "s             sort by name, cpu, memory, requests, errors",
          "/             filter services (Enter keeps, Esc clears)",
          "l             show or hide logs of the selection",
          "Esc           clear the filter or close the logs",
          "q / Ctrl-C    quit",
          "",
          "Any key closes this help.");

  private final Theme theme;

  public TopView(Theme theme) {
    this.theme = theme;
  }

  /** Draws the whole screen for {@code model} within {@code g}'s size. */
  public void render(TopModel model, TextGraphics g) {
    TerminalSize size = g.getSize();
    int w = size.getColumns();
    int h = size.getRows();
    theme.apply(g, Style.NORMAL);
    g.fill(' ');
    if (w < MIN_COLUMNS || h < MIN_ROWS) {
      put(g, 0, 0, "terminal too small: " + w + "x" + h, w, Style.ALERT);
      return;
    }
    header(model, g, w);
    Layout layout = Layout.of(model, h - 4);
    int y = 2;
    y = nodes(model, g, y, w, layout.nodes());
    y = services(model, g, y, w, layout.services());
    y = containers(model, g, y, w, layout.containers());
    if (layout.logs() > 0) {
      logs(model, g, h - 2 - layout.logs(), w, layout.logs());
    }
    statusLine(model, g, h - 2, w);
    put(g, 0, h - 1, HELP_BAR, w, Style.BAR);
    if (model.ui().helpShown()) {
      help(g, w, h);
    }
  }

  private void header(TopModel model, TextGraphics g, int w) {
    String title = "banyan top   engine " + model.engine() + "   " + CLOCK.format(model.now());
    put(g, 0, 0, title, w, Style.BAR);
    String state =
        switch (model.connection()) {
          case CONNECTING -> "connecting…";
          case CONNECTED -> "";
          case RECONNECTING -> "reconnecting…";
        };
    if (!state.isEmpty()) {
      state = glyphs(state);
      int x = Math.max(title.length() + 2, w - state.length() - 1);
      put(
          g,
          x,
          0,
          state,
          w - x,
          model.connection() == Connection.RECONNECTING ? Style.ALERT : Style.BAR);
    }
    put(g, 0, 1, Summary.of(model.data()).line(), w, Style.TITLE);
  }

  private int nodes(TopModel model, TextGraphics g, int y, int w, int height) {
    if (height <= 0) {
      return y;
    }
    List<NodeRow> rows = model.visible().nodes();
    int nameW = clamp(longest(rows, NodeRow::name, 4), 6, 20);
    int fixed = 2 + nameW + 1 + 11 + 1 + 6;
    int barW = Math.max(8, Math.min(30, (w - fixed) / 3 - 1));
    title(
        g,
        y,
        w,
        model.ui().focus() == Pane.NODES,
        header(
            new int[] {nameW, 11, barW, barW, barW, 5},
            "NODES",
            "STATE",
            "CPU",
            "MEMORY",
            "DISK",
            "TASKS"));
    int visibleRows = height - 1;
    int selected = TopUpdate.indexOf(rows, NodeRow::name, model.ui().selectedNode());
    int first = firstRow(selected, visibleRows);
    for (int i = 0; i < visibleRows && first + i < rows.size(); i++) {
      NodeRow n = rows.get(first + i);
      int row = y + 1 + i;
      boolean isSelected = first + i == selected;
      Style base = rowStyle(model, Pane.NODES, isSelected);
      marker(g, row, isSelected, base);
      int x = 2;
      x = cell(g, x, row, n.name(), nameW, w, base);
      x = cell(g, x, row, n.state(), 11, w, isSelected ? base : n.ready() ? Style.GOOD : Style.BAD);
      x = cell(g, x, row, Format.bar(n.cpuUsedCores(), n.cpuCores(), barW), barW, w, base);
      x = cell(g, x, row, Format.bar(n.memoryUsedBytes(), n.memoryBytes(), barW), barW, w, base);
      x = cell(g, x, row, Format.bar(n.diskUsedBytes(), n.diskBytes(), barW), barW, w, base);
      cell(g, x, row, Integer.toString(n.tasks()), 5, w, base);
    }
    if (rows.isEmpty()) {
      put(g, 2, y + 1, "no nodes have registered", w - 2, Style.DIM);
    }
    return y + height;
  }

  private int services(TopModel model, TextGraphics g, int y, int w, int height) {
    if (height <= 0) {
      return y;
    }
    List<ServiceRow> rows = model.visible().services();
    int nameW = clamp(longest(rows, ServiceRow::key, 7), 10, Math.max(10, w - 2 - 44));
    title(
        g,
        y,
        w,
        model.ui().focus() == Pane.SERVICES,
        header(
            new int[] {nameW, 8, 6, 7, 7, 6},
            "SERVICES",
            "REPLICAS",
            "CPU",
            "MEM",
            "REQ/S",
            "ERR%"));
    int visibleRows = height - 1;
    int selected = TopUpdate.indexOf(rows, ServiceRow::key, model.ui().selectedService());
    int first = firstRow(selected, visibleRows);
    for (int i = 0; i < visibleRows && first + i < rows.size(); i++) {
      ServiceRow s = rows.get(first + i);
      int row = y + 1 + i;
      boolean isSelected = first + i == selected;
      Style base = rowStyle(model, Pane.SERVICES, isSelected);
      marker(g, row, isSelected, base);
      int x = 2;
      x = cell(g, x, row, s.key(), nameW, w, base);
      Style replicas = isSelected ? base : s.running() >= s.desired() ? Style.GOOD : Style.WARN;
      x = cell(g, x, row, s.running() + "/" + s.desired(), 8, w, replicas);
      x = cell(g, x, row, Format.cores(s.cpuCores()), 6, w, base);
      x = cell(g, x, row, Format.bytes(s.memoryBytes()), 7, w, base);
      x = cell(g, x, row, Format.rate(s.requestsPerSecond()), 7, w, base);
      boolean failing = s.errorRatio().orElse(0) > 0.01;
      cell(
          g,
          x,
          row,
          Format.percent(s.errorRatio()),
          6,
          w,
          isSelected || !failing ? base : Style.BAD);
    }
    if (rows.isEmpty()) {
      String text =
          model.ui().filter().isEmpty()
              ? "no deployments; deploy one with 'banyan-cli deploy'"
              : "no service matches /" + model.ui().filter();
      put(g, 2, y + 1, text, w - 2, Style.DIM);
    }
    return y + height;
  }

  private int containers(TopModel model, TextGraphics g, int y, int w, int height) {
    if (height <= 0) {
      return y;
    }
    List<ContainerRow> rows = model.visible().containers();
    int nameW = clamp(longest(rows, ContainerRow::label, 10), 10, 24);
    int nodeW = clamp(longest(rows, ContainerRow::node, 4), 4, 16);
    int fixed = 2 + nameW + nodeW + 8 + 9 + 6 + 6 + 4 + 7 + 8;
    int sparkW = Math.max(0, w - fixed - 1);
    String selectedKey = model.ui().selectedService();
    title(
        g,
        y,
        w,
        model.ui().focus() == Pane.CONTAINERS,
        header(
            new int[] {nameW, nodeW, 8, 9, 6, 6, 4, 7, sparkW},
            "CONTAINERS",
            "NODE",
            "STATE",
            "HEALTH",
            "CPU",
            "MEM",
            "RST",
            "UPTIME",
            sparkW >= 4 ? "CPU HISTORY" : ""));
    int visibleRows = height - 1;
    int selected = TopUpdate.indexOf(rows, ContainerRow::taskId, model.ui().selectedContainer());
    int first = firstRow(selected, visibleRows);
    for (int i = 0; i < visibleRows && first + i < rows.size(); i++) {
      ContainerRow c = rows.get(first + i);
      int row = y + 1 + i;
      boolean isSelected = first + i == selected;
      Style base = rowStyle(model, Pane.CONTAINERS, isSelected);
      marker(g, row, isSelected, base);
      int x = 2;
      x = cell(g, x, row, c.label(), nameW, w, base);
      x = cell(g, x, row, c.node(), nodeW, w, base);
      x = cell(g, x, row, c.state(), 8, w, isSelected ? base : stateStyle(c.state()));
      x = cell(g, x, row, c.health(), 9, w, isSelected ? base : healthStyle(c.health()));
      x = cell(g, x, row, Format.cores(c.cpuCores()), 6, w, base);
      x = cell(g, x, row, Format.bytes(c.memoryBytes()), 6, w, base);
      x =
          cell(
              g,
              x,
              row,
              Integer.toString(c.restarts()),
              4,
              w,
              isSelected || c.restarts() == 0 ? base : Style.WARN);
      x = cell(g, x, row, Format.age(c.startedAt(), model.now()), 7, w, base);
      if (sparkW >= 4) {
        History history = model.history().getOrDefault(c.taskId(), History.empty());
        cell(
            g,
            x,
            row,
            Format.sparkline(history.cpu(), sparkW, theme.sparkLevels()),
            sparkW,
            w,
            isSelected ? base : Style.GOOD);
      }
    }
    if (rows.isEmpty()) {
      put(
          g,
          2,
          y + 1,
          selectedKey.isEmpty() ? "select a service" : "no containers",
          w - 2,
          Style.DIM);
    }
    return y + height;
  }

  private void logs(TopModel model, TextGraphics g, int y, int w, int height) {
    String source = model.logSource().map(LogSource::describe).orElse("nothing selected");
    title(g, y, w, false, "  LOGS " + source + "  (l or Esc closes)");
    List<String> lines = model.logLines();
    int shown = height - 1;
    int from = Math.max(0, lines.size() - shown);
    for (int i = from; i < lines.size(); i++) {
      put(g, 1, y + 1 + i - from, printable(lines.get(i)), w - 1, Style.NORMAL);
    }
    if (lines.isEmpty()) {
      put(g, 1, y + 1, "waiting for log lines…", w - 1, Style.DIM);
    }
  }

  private void statusLine(TopModel model, TextGraphics g, int y, int w) {
    StringBuilder left = new StringBuilder();
    if (model.connection() == Connection.RECONNECTING) {
      left.append(model.connectionNote()).append("   ");
    }
    left.append("sort: ").append(model.ui().sort().label());
    if (model.ui().editingFilter() || !model.ui().filter().isEmpty()) {
      left.append("   filter: /").append(model.ui().filter());
      if (model.ui().editingFilter()) {
        left.append('_');
      }
    }
    put(g, 0, y, left.toString(), w, model.ui().editingFilter() ? Style.TITLE : Style.DIM);
    boolean answered = !model.data().fetchedAt().equals(java.time.Instant.EPOCH);
    if (answered && !model.data().metricsAvailable()) {
      int x = Math.max(left.length() + 2, w - METRICS_UNAVAILABLE.length() - 1);
      put(g, x, y, METRICS_UNAVAILABLE, w - x, Style.WARN);
    }
  }

  private void help(TextGraphics g, int w, int h) {
    int boxW = Math.min(w - 2, 62);
    int boxH = Math.min(h - 2, HELP.size() + 2);
    int x0 = (w - boxW) / 2;
    int y0 = (h - boxH) / 2;
    for (int r = 0; r < boxH; r++) {
      boolean edge = r == 0 || r == boxH - 1;
      String line;
      if (edge) {
        line = "+" + "-".repeat(boxW - 2) + "+";
      } else {
        String text = r - 1 < HELP.size() ? HELP.get(r - 1) : "";
        line = "| " + Format.fit(text, boxW - 4, theme.ellipsis()) + " |";
      }
      put(g, x0, y0 + r, line, boxW, Style.TITLE);
    }
  }

  private void title(TextGraphics g, int y, int w, boolean focused, String text) {
    put(g, 0, y, "  " + text, w, focused ? Style.TITLE_FOCUSED : Style.TITLE);
  }

  private static Style rowStyle(TopModel model, Pane pane, boolean selected) {
    if (!selected) {
      return Style.NORMAL;
    }
    return model.ui().focus() == pane ? Style.SELECTED : Style.SELECTED_UNFOCUSED;
  }

  private void marker(TextGraphics g, int row, boolean selected, Style style) {
    if (selected) {
      put(g, 0, row, "> ", 2, style);
    }
  }

  private static Style stateStyle(String state) {
    return switch (state) {
      case "RUNNING", "COMPLETE" -> Style.GOOD;
      case "FAILED" -> Style.BAD;
      default -> Style.WARN;
    };
  }

  private static Style healthStyle(String health) {
    return switch (health) {
      case "healthy" -> Style.GOOD;
      case "unhealthy" -> Style.BAD;
      case "starting" -> Style.WARN;
      default -> Style.NORMAL;
    };
  }

  /** Writes one cell padded to {@code width} plus a separating space; returns the next column. */
  private int cell(TextGraphics g, int x, int y, String text, int width, int screenW, Style style) {
    if (x >= screenW || width <= 0) {
      return x + width + 1;
    }
    String fitted = Format.fit(text, width, theme.ellipsis());
    put(g, x, y, fitted, screenW - x, style);
    if (style != Style.NORMAL
        && x + width < screenW
        && (style == Style.SELECTED || style == Style.SELECTED_UNFOCUSED)) {
      put(g, x + width, y, " ", 1, style);
    }
    return x + width + 1;
  }

  /** Writes {@code text} at (x, y), cut to {@code max} columns. */
  private void put(TextGraphics g, int x, int y, String text, int max, Style style) {
    if (max <= 0 || x < 0) {
      return;
    }
    theme.apply(g, style);
    String shown = glyphs(text);
    g.putString(x, y, shown.length() > max ? shown.substring(0, max) : shown);
    theme.apply(g, Style.NORMAL);
  }

  /** {@code text} with "…" spelled "..." when the terminal cannot show it. */
  private String glyphs(String text) {
    return theme.unicode() || text.indexOf('…') < 0 ? text : text.replace("…", "...");
  }

  /** Control characters (tabs, escapes from a container's output) would corrupt the screen. */
  private static String printable(String line) {
    StringBuilder b = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isISOControl(c)) {
        if (b == null) {
          b = new StringBuilder(line.length()).append(line, 0, i);
        }
        b.append(c == '\t' ? ' ' : '?');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? line : b.toString();
  }

  /** The first list index shown so that {@code selected} stays within {@code visible} rows. */
  static int firstRow(int selected, int visible) {
    if (selected < visible || visible <= 0) {
      return 0;
    }
    return selected - visible + 1;
  }

  private static <T> int longest(List<T> rows, Function<T, String> text, int atLeast) {
    int max = atLeast;
    for (T row : rows) {
      max = Math.max(max, text.apply(row).length());
    }
    return max;
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }

  /** A table's title line: each column's name padded to its width. */
  private static String header(int[] widths, String... titles) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < titles.length && i < widths.length; i++) {
      b.append(Format.pad(titles[i], widths[i])).append(' ');
    }
    return b.toString();
  }
}
