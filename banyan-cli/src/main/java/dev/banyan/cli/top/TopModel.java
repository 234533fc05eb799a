package dev.banyan.cli.top;

import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code top} shows, immutable: the last data from the engine, the connection state, the
 * user's choices (pane, selection, sort, filter, overlays) and the rows derived from them, which
 * are computed once per event rather than once per frame.
 */
public record TopModel(
    String engine,
    ClusterData data,
    Connection connection,
    String connectionNote,
    Instant now,
    int columns,
    int rows,
    Ui ui,
    Rows visible,
    Map<String, History> history,
    List<String> logLines,
    boolean quit) {

  /** Log lines kept in memory for the log pane. */
  public static final int LOG_CAPACITY = 500;

  public TopModel {
    history = Map.copyOf(history);
    logLines = List.copyOf(logLines);
  }

  /** The model before the first answer from the engine. */
  public static TopModel initial(String engine, Instant now, int columns, int rows) {
    return new TopModel(
        engine,
        ClusterData.empty(),
        Connection.CONNECTING,
        "",
        now,
        columns,
        rows,
        Ui.initial(),
        new Rows(List.of(), List.of(), List.of()),
        Map.of(),
        List.of(),
        false);
  }

  /** The pane that keys such as j/k act on. */
  public enum Pane {
    NODES,
    SERVICES,
    CONTAINERS
  }

  /** What {@code s} cycles through; panes without such a column sort by name. */
  public enum SortKey {
    NAME,
    CPU,
    MEMORY,
    REQUESTS,
    ERRORS;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether the last poll reached the engine. */
  public enum Connection {
    CONNECTING,
    CONNECTED,
    RECONNECTING
  }

  /**
   * The user's choices. Selections are identities (node name, {@code deployment/service}, task id)
   * so they survive refreshes and re-sorting; empty means nothing selected.
   */
  public record Ui(
      Pane focus,
      SortKey sort,
      String filter,
      boolean editingFilter,
      boolean helpShown,
      boolean logsShown,
      String selectedNode,
      String selectedService,
      String selectedContainer) {

    static Ui initial() {
      return new Ui(Pane.SERVICES, SortKey.NAME, "", false, false, false, "", "", "");
    }

    Ui withFocus(Pane pane) {
      return new Ui(
          pane,
          sort,
          filter,
          editingFilter,
          helpShown,
          logsShown,
          selectedNode,
          selectedService,
          selectedContainer);
    }

    Ui withSort(SortKey key) {
      return new Ui(
          focus,
          key,
          filter,
          editingFilter,
          helpShown,
          logsShown,
          selectedNode,
          selectedService,
          selectedContainer);
    }

    Ui withFilter(String text, boolean editing) {
      return new Ui(
          focus,
          sort,
          text,
          editing,
          helpShown,
          logsShown,
          selectedNode,
          selectedService,
          selectedContainer);
    }

    Ui withHelp(boolean shown) {
      return new Ui(
          focus,
          sort,
          filter,
          editingFilter,
          shown,
          logsShown,
          selectedNode,
          selectedService,
          selectedContainer);
    }

    Ui withLogs(boolean shown) {
      return new Ui(
          focus,
          sort,
          filter,
          editingFilter,
          helpShown,
          shown,
          selectedNode,
          selectedService,
          selectedContainer);
    }

    Ui withSelection(String node, String service, String container) {
      return new Ui(
          focus, sort, filter, editingFilter, helpShown, logsShown, node, service, container);
    }
  }

  /** The rows each table shows, filtered and sorted; containers are the selected service's. */
  public record Rows(
      List<NodeRow> nodes, List<ServiceRow> services, List<ContainerRow> containers) {
    public Rows {
      nodes = List.copyOf(nodes);
      services = List.copyOf(services);
      containers = List.copyOf(containers);
    }
  }

  /** The selected service's row, if any is shown. */
  public Optional<ServiceRow> selectedService() {
    return visible.services().stream()
        .filter(s -> s.key().equals(ui.selectedService()))
        .findFirst();
  }

  /** What the log pane should tail now, or empty when it is hidden or nothing is selected. */
  public Optional<LogSource> logSource() {
    if (!ui.logsShown()) {
      return Optional.empty();
    }
    return selectedService()
        .map(
            s -> {
              int replica = 0;
              if (ui.focus() == Pane.CONTAINERS) {
                replica =
                    visible.containers().stream()
                        .filter(c -> c.taskId().equals(ui.selectedContainer()))
                        .mapToInt(ContainerRow::replica)
                        .findFirst()
                        .orElse(0);
              }
              return new LogSource(s.deployment(), s.name(), replica);
            });
  }

  TopModel withUi(Ui next) {
    return new TopModel(
        engine,
        data,
        connection,
        connectionNote,
        now,
        columns,
        rows,
        next,
        visible,
        history,
        logLines,
        quit);
  }

  TopModel withRows(Rows next, Ui ui) {
    return new TopModel(
        engine,
        data,
        connection,
        connectionNote,
        now,
        columns,
        rows,
        ui,
        next,
        history,
        logLines,
        quit);
  }

  TopModel withData(ClusterData next, Map<String, History> nextHistory) {
    return new TopModel(
        engine,
        next,
        Connection.CONNECTED,
        "",
        next.fetchedAt(),
        columns,
        rows,
        ui,
        visible,
        nextHistory,
        logLines,
        quit);
  }

  TopModel withConnection(Connection state, String note) {
    return new TopModel(
        engine, data, state, note, now, columns, rows, ui, visible, history, logLines, quit);
  }

  TopModel withNow(Instant instant) {
    return new TopModel(
        engine,
        data,
        connection,
        connectionNote,
        instant,
        columns,
        rows,
        ui,
        visible,
        history,
        logLines,
        quit);
  }

  TopModel withSize(int newColumns, int newRows) {
    return new TopModel(
        engine,
        data,
        connection,
        connectionNote,
        now,
        newColumns,
        newRows,
        ui,
        visible,
        history,
        logLines,
        quit);
  }

  TopModel withLogLines(List<String> lines) {
    return new TopModel(
        engine,
        data,
        connection,
        connectionNote,
        now,
        columns,
        rows,
        ui,
        visible,
        history,
        lines,
        quit);
  }

  TopModel quitting() {
    return new TopModel(
        engine,
        data,
        connection,
        connectionNote,
        now,
        columns,
        rows,
        ui,
        visible,
        history,
        logLines,
        true);
  }
}
