package dev.banyan.cli.top;

import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import dev.banyan.cli.top.TopEvent.DataArrived;
import dev.banyan.cli.top.TopEvent.EngineLost;
import dev.banyan.cli.top.TopEvent.Key;
import dev.banyan.cli.top.TopEvent.KeyKind;
import dev.banyan.cli.top.TopEvent.LogArrived;
import dev.banyan.cli.top.TopEvent.Resize;
import dev.banyan.cli.top.TopEvent.Tick;
import dev.banyan.cli.top.TopModel.Connection;
import dev.banyan.cli.top.TopModel.Pane;
import dev.banyan.cli.top.TopModel.Rows;
import dev.banyan.cli.top.TopModel.SortKey;
import dev.banyan.cli.top.TopModel.Ui;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The pure heart of {@code top}: {@code update(model, event) → model}, no I/O, no clock. */
public final class TopUpdate {
  private static final int PAGE = 10;

  private TopUpdate() {}

  /** The model after {@code event}; the log pane is emptied whenever its source changes. */
  public static TopModel update(TopModel model, TopEvent event) {
    TopModel next;
    if (event instanceof Key key) {
      next = key(model, key);
    } else if (event instanceof Tick tick) {
      next = model.withNow(tick.now());
    } else if (event instanceof DataArrived arrived) {
      next = derive(model.withData(arrived.data(), history(model, arrived.data())), model.ui());
    } else if (event instanceof EngineLost lost) {
      next = model.withConnection(Connection.RECONNECTING, lost.reason());
    } else if (event instanceof LogArrived log) {
      next = appendLog(model, log);
    } else if (event instanceof Resize resize) {
      next = model.withSize(resize.columns(), resize.rows());
    } else {
      throw new IllegalArgumentException("unknown event " + event);
    }
    if (!next.logSource().equals(model.logSource())) {
      next = next.withLogLines(List.of());
    }
    return next;
  }

  private static TopModel key(TopModel model, Key key) {
    Ui ui = model.ui();
    if (key.kind() == KeyKind.INTERRUPT) {
      return model.quitting();
    }
    if (ui.editingFilter()) {
      return filterKey(model, key);
    }
    if (ui.helpShown()) {
      return key.is('q') ? model.quitting() : model.withUi(ui.withHelp(false));
    }
    switch (key.kind()) {
      case UP:
        return move(model, -1);
      case DOWN:
        return move(model, 1);
      case PAGE_UP:
        return move(model, -PAGE);
      case PAGE_DOWN:
        return move(model, PAGE);
      case HOME:
        return move(model, -Integer.MAX_VALUE / 2);
      case END:
        return move(model, Integer.MAX_VALUE / 2);
      case TAB:
        return model.withUi(ui.withFocus(cycle(ui.focus(), 1)));
      case BACK_TAB:
        return model.withUi(ui.withFocus(cycle(ui.focus(), -1)));
      case ENTER:
        return enter(model);
      case ESCAPE:
        if (!ui.filter().isEmpty()) {
          return derive(model, ui.withFilter("", false));
        }
        return model.withUi(ui.withLogs(false));
      case CHARACTER:
        return character(model, key.character());
      default:
        return model;
    }
  }

  private static TopModel character(TopModel model, char c) {
    Ui ui = model.ui();
    return switch (c) {
      case 'q' -> model.quitting();
      case 'j' -> move(model, 1);
      case 'k' -> move(model, -1);
      case 'g' -> move(model, -Integer.MAX_VALUE / 2);
      case 'G' -> move(model, Integer.MAX_VALUE / 2);
      case 's' -> derive(model, ui.withSort(cycle(ui.sort())));
      case '/' -> model.withUi(ui.withFilter(ui.filter(), true));
      case 'l' -> model.withUi(ui.withLogs(!ui.logsShown()));
      case '?', 'h' -> model.withUi(ui.withHelp(true));
      default -> model;
    };
  }

  private static TopModel filterKey(TopModel model, Key key) {
    Ui ui = model.ui();
    return switch (key.kind()) {
      case ENTER -> model.withUi(ui.withFilter(ui.filter(), false));
      case ESCAPE -> derive(model, ui.withFilter("", false));
      case BACKSPACE ->
          ui.filter().isEmpty()
              ? model
              : derive(
                  model, ui.withFilter(ui.filter().substring(0, ui.filter().length() - 1), true));
      case CHARACTER ->
          Character.isISOControl(key.character())
              ? model
              : derive(model, ui.withFilter(ui.filter() + key.character(), true));
      default -> model;
    };
  }

  private static TopModel enter(TopModel model) {
    Ui ui = model.ui();
    return switch (ui.focus()) {
      case NODES -> model.withUi(ui.withFocus(Pane.SERVICES));
      case SERVICES -> derive(model, ui.withFocus(Pane.CONTAINERS));
      case CONTAINERS -> model.withUi(ui.withLogs(!ui.logsShown()));
    };
  }

  /** Moves the focused pane's selection by {@code delta} rows, clamped to the list. */
  private static TopModel move(TopModel model, int delta) {
    Ui ui = model.ui();
    Rows rows = model.visible();
    return switch (ui.focus()) {
      case NODES ->
          model.withUi(
              ui.withSelection(
                  moved(rows.nodes(), NodeRow::name, ui.selectedNode(), delta),
                  ui.selectedService(),
                  ui.selectedContainer()));
      case SERVICES ->
          derive(
              model,
              ui.withSelection(
                  ui.selectedNode(),
                  moved(rows.services(), ServiceRow::key, ui.selectedService(), delta),
                  ""));
      case CONTAINERS ->
          model.withUi(
              ui.withSelection(
                  ui.selectedNode(),
                  ui.selectedService(),
                  moved(rows.containers(), ContainerRow::taskId, ui.selectedContainer(), delta)));
    };
  }

  private static <T> String moved(List<T> rows, Function<T, String> id, String current, int delta) {
    if (rows.isEmpty()) {
      return "";
    }
    int index = indexOf(rows, id, current);
    long target = (long) Math.max(index, 0) + delta;
    int clamped = (int) Math.max(0, Math.min(rows.size() - 1, target));
    return id.apply(rows.get(clamped));
  }

  /** The position of {@code current} in {@code rows}, or -1. */
  static <T> int indexOf(List<T> rows, Function<T, String> id, String current) {
    for (int i = 0; i < rows.size(); i++) {
      if (id.apply(rows.get(i)).equals(current)) {
        return i;
      }
    }
    return -1;
  }

  private static Pane cycle(Pane pane, int step) {
    Pane[] all = Pane.values();
    return all[Math.floorMod(pane.ordinal() + step, all.length)];
  }

  private static SortKey cycle(SortKey key) {
    SortKey[] all = SortKey.values();
    return all[(key.ordinal() + 1) % all.length];
  }

  /** Recomputes the shown rows for {@code ui} and keeps every selection on a shown row. */
  static TopModel derive(TopModel model, Ui ui) {
    ClusterData data = model.data();
    List<NodeRow> nodes = sorted(data.nodes(), nodeOrder(ui.sort()));
    String filter = ui.filter().toLowerCase(Locale.ROOT);
    List<ServiceRow> services =
        sorted(
            data.services().stream()
                .filter(s -> filter.isEmpty() || s.key().toLowerCase(Locale.ROOT).contains(filter))
                .toList(),
            serviceOrder(ui.sort()));
    String node = kept(nodes, NodeRow::name, ui.selectedNode());
    String service = kept(services, ServiceRow::key, ui.selectedService());
    List<ContainerRow> containers =
        services.stream()
            .filter(s -> s.key().equals(service))
            .findFirst()
            .map(s -> sorted(s.containers(), containerOrder(ui.sort())))
            .orElse(List.of());
    String container = kept(containers, ContainerRow::taskId, ui.selectedContainer());
    return model.withRows(
        new Rows(nodes, services, containers), ui.withSelection(node, service, container));
  }

  private static <T> String kept(List<T> rows, Function<T, String> id, String current) {
    if (rows.isEmpty()) {
      return "";
    }
    return indexOf(rows, id, current) >= 0 ? current : id.apply(rows.get(0));
  }

  private static <T> List<T> sorted(List<T> rows, Comparator<T> order) {
    List<T> copy = new ArrayList<>(rows);
    copy.sort(order);
    return copy;
  }

  private static Comparator<NodeRow> nodeOrder(SortKey key) {
    Comparator<NodeRow> byName = Comparator.comparing(NodeRow::name);
    return switch (key) {
      case CPU -> descending(NodeRow::cpuUsedCores).thenComparing(byName);
      case MEMORY -> descending((NodeRow n) -> n.memoryUsedBytes()).thenComparing(byName);
      default -> byName;
    };
  }

  private static Comparator<ServiceRow> serviceOrder(SortKey key) {
    Comparator<ServiceRow> byName = Comparator.comparing(ServiceRow::key);
    return switch (key) {
      case NAME -> byName;
      case CPU -> descending((ServiceRow s) -> s.cpuCores().orElse(-1)).thenComparing(byName);
      case MEMORY -> descending((ServiceRow s) -> s.memoryBytes().orElse(-1)).thenComparing(byName);
      case REQUESTS ->
          descending((ServiceRow s) -> s.requestsPerSecond().orElse(-1)).thenComparing(byName);
      case ERRORS -> descending((ServiceRow s) -> s.errorRatio().orElse(-1)).thenComparing(byName);
    };
  }

  private static Comparator<ContainerRow> containerOrder(SortKey key) {
    Comparator<ContainerRow> byReplica = Comparator.comparingInt(ContainerRow::replica);
    return switch (key) {
      case CPU -> descending((ContainerRow c) -> c.cpuCores().orElse(-1)).thenComparing(byReplica);
      case MEMORY ->
          descending((ContainerRow c) -> c.memoryBytes().orElse(-1)).thenComparing(byReplica);
      default -> byReplica;
    };
  }

  private static <T> Comparator<T> descending(ToDoubleFunction<T> value) {
    return Comparator.comparingDouble(value).reversed();
  }

  /**
   * Sparkline data: the engine's series when it sent them, otherwise this sample appended to what
   * {@code top} collected itself. Containers that are gone are forgotten.
   */
  private static Map<String, History> history(TopModel model, ClusterData data) {
    Map<String, History> next = new HashMap<>();
    for (ServiceRow service : data.services()) {
      for (ContainerRow c : service.containers()) {
        List<Double> cpu = data.cpuSeries().get(c.taskId());
        List<Double> memory = data.memorySeries().get(c.taskId());
        if (cpu != null || memory != null) {
          next.put(
              c.taskId(),
              new History(
                  Objects.requireNonNullElse(cpu, List.of()),
                  Objects.requireNonNullElse(memory, List.of())));
          continue;
        }
        History before = model.history().getOrDefault(c.taskId(), History.empty());
        next.put(
            c.taskId(),
            before.append(
                c.cpuCores().orElse(0),
                c.cpuCores().isPresent(),
                c.memoryBytes().orElse(0),
                c.memoryBytes().isPresent()));
      }
    }
    return next;
  }

  private static TopModel appendLog(TopModel model, LogArrived log) {
    if (!model.logSource().map(log.source()::equals).orElse(false)) {
      return model; // a late line from a stream that was already replaced
    }
    List<String> lines = model.logLines();
    int from = Math.max(0, lines.size() + 1 - TopModel.LOG_CAPACITY);
    List<String> next = new ArrayList<>(lines.subList(from, lines.size()));
    next.add(log.line());
    return model.withLogLines(next);
  }
}
