package dev.banyan.cli.top;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.NodeRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Cluster data and a virtual terminal for the top tests. */
final class TopFixtures {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private TopFixtures() {}

  static NodeRow node(String name, boolean ready, double cpuUsed) {
    return new NodeRow(
        name,
        ready,
        ready ? "READY" : "DOWN",
        4,
        cpuUsed,
        8L << 30,
        2L << 30,
        100L << 30,
        25L << 30,
        3);
  }

  static ContainerRow container(String service, int replica, String node, OptionalDouble cpu) {
    return new ContainerRow(
        "task-" + service + "-" + replica,
        service,
        replica,
        node,
        "RUNNING",
        true,
        "healthy",
        replica - 1,
        Optional.of(NOW.minusSeconds(125)),
        cpu,
        cpu.isPresent() ? OptionalLong.of(64L << 20) : OptionalLong.empty());
  }

  static ServiceRow service(String deployment, String name, int replicas, OptionalDouble cpu) {
    List<ContainerRow> containers = new ArrayList<>();
    for (int r = 1; r <= replicas; r++) {
      containers.add(container(name, r, "node-" + (r % 2 + 1), cpu));
    }
    return new ServiceRow(
        deployment,
        name,
        replicas,
        replicas,
        cpu,
        cpu.isPresent() ? OptionalLong.of(replicas * (64L << 20)) : OptionalLong.empty(),
        cpu.isPresent() ? OptionalDouble.of(12.5) : OptionalDouble.empty(),
        cpu.isPresent() ? OptionalDouble.of(0.02) : OptionalDouble.empty(),
        containers);
  }

  /** Two nodes; services api (2 replicas), web (3) and worker (1) of deployment "shop". */
  static ClusterData cluster(boolean metrics) {
    OptionalDouble cpu = metrics ? OptionalDouble.of(0.25) : OptionalDouble.empty();
    return new ClusterData(
        NOW,
        List.of(node("node-1", true, 1.0), node("node-2", true, 2.0)),
        List.of(
            service("shop", "api", 2, cpu),
            service("shop", "web", 3, metrics ? OptionalDouble.of(0.75) : cpu),
            service("shop", "worker", 1, metrics ? OptionalDouble.of(0.5) : cpu)),
        metrics,
        Map.of(),
        Map.of());
  }

  /** The model after the first answer from the engine. */
  static TopModel loaded(ClusterData data, int columns, int rows) {
    return TopUpdate.update(
        TopModel.initial("127.0.0.1:7070", NOW, columns, rows), new TopEvent.DataArrived(data));
  }

  static TopModel press(TopModel model, char... keys) {
    TopModel m = model;
    for (char c : keys) {
      m = TopUpdate.update(m, TopEvent.Key.of(c));
    }
    return m;
  }

  static TopModel press(TopModel model, TopEvent.KeyKind kind) {
    return TopUpdate.update(model, TopEvent.Key.of(kind));
  }

  /** What a terminal of that size shows after one render. */
  static Screenshot render(TopModel model, Theme theme, int columns, int rows) {
    try {
      DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
      TerminalScreen screen = new TerminalScreen(terminal);
      screen.startScreen();
      new TopView(theme).render(model, screen.newTextGraphics());
      screen.refresh();
      TextCharacter[][] cells = new TextCharacter[rows][columns];
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < columns; x++) {
          cells[y][x] = terminal.getCharacter(x, y);
        }
      }
      screen.stopScreen();
      return new Screenshot(cells);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The characters and attributes of a rendered screen. */
  static final class Screenshot {
    private final TextCharacter[][] cells;

    Screenshot(TextCharacter[][] cells) {
      this.cells = cells;
    }

    TextCharacter at(int x, int y) {
      return cells[y][x];
    }

    int rows() {
      return cells.length;
    }

    String line(int y) {
      StringBuilder b = new StringBuilder();
      for (TextCharacter c : cells[y]) {
        b.append(c.getCharacterString());
      }
      return b.toString();
    }

    List<String> lines() {
      List<String> out = new ArrayList<>();
      for (int y = 0; y < cells.length; y++) {
        out.add(line(y));
      }
      return out;
    }

    String text() {
      return String.join("\n", lines());
    }

    /** The first line containing {@code text}, or -1. */
    int lineOf(String text) {
      for (int y = 0; y < cells.length; y++) {
        if (line(y).contains(text)) {
          return y;
        }
      }
      return -1;
    }
  }
}
