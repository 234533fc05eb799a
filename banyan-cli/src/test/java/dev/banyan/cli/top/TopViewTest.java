package dev.banyan.cli.top;

import static dev.banyan.cli.top.TopFixtures.NOW;
import static dev.banyan.cli.top.TopFixtures.cluster;
import static dev.banyan.cli.top.TopFixtures.loaded;
import static dev.banyan.cli.top.TopFixtures.press;
import static dev.banyan.cli.top.TopFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import dev.banyan.cli.top.TopEvent.KeyKind;
import dev.banyan.cli.top.TopFixtures.Screenshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What {@code top} puts on a (virtual) terminal for a given model. */
class TopViewTest {
  private static final Theme COLOUR = new Theme(true, true);
  private static final Theme PLAIN = new Theme(false, false);

  @Test
  void headerSummarisesTheCluster() {
    Screenshot s = render(loaded(cluster(true), 120, 40), COLOUR, 120, 40);

    assertThat(s.line(0)).contains("banyan top").contains("engine 127.0.0.1:7070");
    assertThat(s.line(1))
        .contains("nodes 2/2 ready")
        .contains("services 3")
        .contains("tasks 6/6 running")
        .contains("cpu 3.0/8.0 cores")
        .contains("mem 4.0G/16G");
  }

  @Test
  void tablesShowNodesServicesAndTheSelectedServicesContainers() {
    Screenshot s = render(loaded(cluster(true), 120, 40), COLOUR, 120, 40);

    int nodes = s.lineOf("NODES");
    assertThat(s.line(nodes + 1))
        .contains("node-1")
        .contains("READY")
        .contains("[")
        .contains("25%");
    int services = s.lineOf("SERVICES");
    assertThat(services).isGreaterThan(nodes);
    assertThat(s.line(services + 1)).startsWith("> shop/api").contains("2/2").contains("0.25");
    assertThat(s.line(services + 2))
        .startsWith("  shop/web")
        .contains("0.75")
        .contains("12.5")
        .contains("2.0%");
    int containers = s.lineOf("CONTAINERS");
    assertThat(s.line(containers)).contains("CPU HISTORY");
    assertThat(s.line(containers + 1))
        .contains("api.1")
        .contains("RUNNING")
        .contains("healthy")
        .contains("64M")
        .contains("2m05s");
    assertThat(s.text()).doesNotContain("web.1");
    assertThat(s.line(39)).isEqualTo(Format.pad(TopView.HELP_BAR, 120));
    assertThat(s.text()).doesNotContain(TopView.METRICS_UNAVAILABLE);
  }

  @Test
  void selectionMarkerMovesAndTheContainerPaneFollows() {
    TopModel m = press(press(loaded(cluster(true), 120, 40), 'j'), KeyKind.ENTER);
    Screenshot s = render(m, COLOUR, 120, 40);

    int services = s.lineOf("SERVICES");
    assertThat(s.line(services + 1)).startsWith("  shop/api");
    assertThat(s.line(services + 2)).startsWith("> shop/web");
    int containers = s.lineOf("CONTAINERS");
    assertThat(s.line(containers + 1)).startsWith("> web.1");
    assertThat(s.line(containers + 3)).startsWith("  web.3");
    assertThat(s.at(2, containers + 1).isReversed())
        .as("focused selection in reverse video")
        .isTrue();
  }

  @Test
  void withoutMetricsColumnsShowDashesAndTheFooterSaysSo() {
    Screenshot s = render(loaded(cluster(false), 120, 40), COLOUR, 120, 40);

    int services = s.lineOf("SERVICES");
    assertThat(s.line(services + 1).split("\\s+"))
        .containsSubsequence("shop/api", "2/2", "-", "-", "-", "-");
    assertThat(s.line(38)).contains(TopView.METRICS_UNAVAILABLE);
    assertThat(s.line(1)).contains("nodes 2/2 ready");
  }

  @Test
  void helpOverlayListsTheKeys() {
    Screenshot s = render(press(loaded(cluster(true), 80, 24), '?'), COLOUR, 80, 24);

    assertThat(s.text())
        .contains("j / Down")
        .contains("/             filter services")
        .contains("q / Ctrl-C    quit");
  }

  @Test
  void fitsEightyByTwentyFourWithAHundredContainers() {
    List<ContainerRow> many = new ArrayList<>();
    for (int r = 1; r <= 100; r++) {
      many.add(TopFixtures.container("api-gateway", r, "node-" + (r % 7), OptionalDouble.of(0.1)));
    }
    ServiceRow big =
        new ServiceRow(
            "shop-with-a-very-long-deployment-name",
            "api-gateway",
            100,
            100,
            OptionalDouble.of(10),
            OptionalLong.of(1L << 33),
            OptionalDouble.of(1000),
            OptionalDouble.of(0),
            many);
    ClusterData data =
        new ClusterData(NOW, cluster(true).nodes(), List.of(big), true, Map.of(), Map.of());
    TopModel m = loaded(data, 80, 24);
    m = press(m, KeyKind.TAB);
    m = press(m, KeyKind.END);
    Screenshot s = render(press(m, 'l'), PLAIN, 80, 24);

    assertThat(s.lines()).hasSize(24).allSatisfy(line -> assertThat(line).hasSize(80));
    assertThat(s.line(0)).contains("banyan top");
    assertThat(s.line(23)).startsWith("q quit  j/k move  Tab pane");
    assertThat(s.text())
        .contains("SERVICES")
        .contains("CONTAINERS")
        .contains("LOGS shop-with-a-very");
    assertThat(s.lineOf("> api-gateway.100")).as("the selection scrolls into view").isPositive();
    assertThat(s.text()).doesNotContain("api-gateway.1 ");
    assertThat(s.text()).contains("~").doesNotContain("…");
  }

  @Test
  void noColourModeUsesOnlyDefaultColours() {
    Screenshot s = render(press(loaded(cluster(true), 100, 30), 'l'), PLAIN, 100, 30);

    for (int y = 0; y < s.rows(); y++) {
      for (int x = 0; x < 100; x++) {
        TextCharacter c = s.at(x, y);
        assertThat(c.getForegroundColor())
            .as("fg at %d,%d", x, y)
            .isEqualTo(TextColor.ANSI.DEFAULT);
        assertThat(c.getBackgroundColor())
            .as("bg at %d,%d", x, y)
            .isEqualTo(TextColor.ANSI.DEFAULT);
      }
    }
    int services = s.lineOf("SERVICES");
    assertThat(s.at(2, services + 1).isReversed()).as("selection still visible").isTrue();

    Screenshot coloured = render(loaded(cluster(true), 100, 30), COLOUR, 100, 30);
    assertThat(coloured.at(0, 0).getBackgroundColor()).isEqualTo(TextColor.ANSI.BLUE);
  }

  @Test
  void lostEngineShowsReconnectingWithTheReason() {
    TopModel lost =
        TopUpdate.update(
            loaded(cluster(true), 100, 30),
            new TopEvent.EngineLost("cannot reach the engine at x: connection refused"));
    Screenshot s = render(lost, PLAIN, 100, 30);

    assertThat(s.line(0)).contains("reconnecting...");
    assertThat(s.line(28)).contains("connection refused");
    assertThat(s.text()).as("the last data stays").contains("shop/api");
  }

  @Test
  void sparklinesDrawTheHistory() {
    ClusterData base = cluster(true);
    ClusterData withSeries =
        new ClusterData(
            NOW,
            base.nodes(),
            base.services(),
            true,
            Map.of("task-api-1", List.of(0.0, 0.5, 1.0)),
            Map.of());
    Screenshot s = render(loaded(withSeries, 120, 40), COLOUR, 120, 40);
    assertThat(s.line(s.lineOf("api.1"))).contains("▁▅█");
    Screenshot ascii = render(loaded(withSeries, 120, 40), PLAIN, 120, 40);
    assertThat(ascii.line(ascii.lineOf("api.1"))).contains("_=#");
  }

  @Test
  void tinyTerminalSaysItIsTooSmall() {
    assertThat(render(loaded(cluster(true), 30, 8), PLAIN, 30, 8).line(0))
        .startsWith("terminal too small: 30x8");
  }

  @Test
  void emptyClusterExplainsWhatToDo() {
    Screenshot s = render(loaded(ClusterData.empty(), 80, 24), PLAIN, 80, 24);
    assertThat(s.text()).contains("no nodes have registered").contains("no deployments");
  }
}
