package dev.banyan.cli.top;

import static dev.banyan.cli.top.TopFixtures.NOW;
import static dev.banyan.cli.top.TopFixtures.cluster;
import static dev.banyan.cli.top.TopFixtures.loaded;
import static dev.banyan.cli.top.TopFixtures.press;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.cli.top.ClusterData.ContainerRow;
import dev.banyan.cli.top.ClusterData.ServiceRow;
import dev.banyan.cli.top.TopEvent.KeyKind;
import dev.banyan.cli.top.TopModel.Connection;
import dev.banyan.cli.top.TopModel.Pane;
import dev.banyan.cli.top.TopModel.SortKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@code update(model, event)}: what each key, answer and failure does to the model. */
class TopUpdateTest {
  private final TopModel start = loaded(cluster(true), 120, 40);

  private static List<String> serviceKeys(TopModel m) {
    return m.visible().services().stream().map(ServiceRow::key).toList();
  }

  private static List<String> containerLabels(TopModel m) {
    return m.visible().containers().stream().map(ContainerRow::label).toList();
  }

  @Test
  void firstAnswerSelectsTheFirstServiceAndListsItsContainers() {
    assertThat(start.connection()).isEqualTo(Connection.CONNECTED);
    assertThat(start.ui().focus()).isEqualTo(Pane.SERVICES);
    assertThat(start.ui().selectedService()).isEqualTo("shop/api");
    assertThat(containerLabels(start)).containsExactly("api.1", "api.2");
  }

  @Test
  void jAndKMoveTheSelectionWithinBoundsAndSwitchTheContainerPane() {
    TopModel down = press(start, 'j');
    assertThat(down.ui().selectedService()).isEqualTo("shop/web");
    assertThat(containerLabels(down)).containsExactly("web.1", "web.2", "web.3");

    TopModel bottom = press(start, 'j', 'j', 'j', 'j');
    assertThat(bottom.ui().selectedService()).isEqualTo("shop/worker");
    assertThat(press(bottom, 'k').ui().selectedService()).isEqualTo("shop/web");
    assertThat(press(start, 'k').ui().selectedService()).isEqualTo("shop/api");
    assertThat(press(start, KeyKind.DOWN).ui().selectedService()).isEqualTo("shop/web");
    assertThat(press(bottom, KeyKind.HOME).ui().selectedService()).isEqualTo("shop/api");
  }

  @Test
  void tabCyclesPanesAndEnterOpensTheContainers() {
    assertThat(press(start, KeyKind.TAB).ui().focus()).isEqualTo(Pane.CONTAINERS);
    assertThat(press(press(start, KeyKind.TAB), KeyKind.TAB).ui().focus()).isEqualTo(Pane.NODES);
    assertThat(press(start, KeyKind.BACK_TAB).ui().focus()).isEqualTo(Pane.NODES);

    TopModel inContainers = press(press(start, 'j'), KeyKind.ENTER);
    assertThat(inContainers.ui().focus()).isEqualTo(Pane.CONTAINERS);
    TopModel second = press(inContainers, 'j');
    assertThat(second.ui().selectedContainer()).isEqualTo("task-web-2");
    assertThat(second.ui().selectedService()).as("service stays").isEqualTo("shop/web");
  }

  @Test
  void sCyclesTheSortKeyAndReordersServices() {
    TopModel byCpu = press(start, 's');
    assertThat(byCpu.ui().sort()).isEqualTo(SortKey.CPU);
    assertThat(serviceKeys(byCpu)).containsExactly("shop/web", "shop/worker", "shop/api");
    assertThat(byCpu.ui().selectedService()).as("selection follows the row").isEqualTo("shop/api");
    assertThat(press(byCpu, 's', 's', 's', 's').ui().sort()).isEqualTo(SortKey.NAME);
  }

  @Test
  void slashFiltersServicesAsYouTypeAndEscapeClears() {
    TopModel typing = press(start, '/', 'w', 'e');
    assertThat(typing.ui().editingFilter()).isTrue();
    assertThat(serviceKeys(typing)).containsExactly("shop/web");
    assertThat(typing.ui().selectedService()).isEqualTo("shop/web");
    assertThat(press(typing, 'q').quit()).as("q is text while filtering").isFalse();

    TopModel kept = press(typing, KeyKind.ENTER);
    assertThat(kept.ui().editingFilter()).isFalse();
    assertThat(serviceKeys(kept)).containsExactly("shop/web");

    TopModel wider = press(press(typing, KeyKind.BACKSPACE), KeyKind.BACKSPACE);
    assertThat(serviceKeys(wider)).hasSize(3);

    TopModel cleared = press(kept, KeyKind.ESCAPE);
    assertThat(cleared.ui().filter()).isEmpty();
    assertThat(serviceKeys(cleared)).hasSize(3);
  }

  @Test
  void questionMarkShowsHelpThatAnyKeyClosesAndQQuits() {
    TopModel help = press(start, '?');
    assertThat(help.ui().helpShown()).isTrue();
    TopModel closed = press(help, 'j');
    assertThat(closed.ui().helpShown()).isFalse();
    assertThat(closed.ui().selectedService())
        .as("the closing key does nothing else")
        .isEqualTo("shop/api");
    assertThat(press(help, 'q').quit()).isTrue();
    assertThat(press(start, 'q').quit()).isTrue();
    assertThat(press(start, KeyKind.INTERRUPT).quit()).isTrue();
  }

  @Test
  void logsFollowTheSelectionAndForgetLinesOfTheOldSource() {
    assertThat(start.logSource()).isEmpty();
    TopModel logs = press(start, 'l');
    LogSource api = new LogSource("shop", "api", 0);
    assertThat(logs.logSource()).contains(api);

    TopModel withLine = TopUpdate.update(logs, new TopEvent.LogArrived(api, "api.1@n | hello"));
    assertThat(withLine.logLines()).containsExactly("api.1@n | hello");

    TopModel moved = press(withLine, 'j');
    assertThat(moved.logSource()).contains(new LogSource("shop", "web", 0));
    assertThat(moved.logLines()).isEmpty();
    TopModel late = TopUpdate.update(moved, new TopEvent.LogArrived(api, "late line"));
    assertThat(late.logLines()).as("lines of a replaced stream are dropped").isEmpty();

    TopModel container = press(press(moved, KeyKind.TAB), 'j');
    assertThat(container.logSource()).contains(new LogSource("shop", "web", 2));
    assertThat(press(container, 'l').logSource()).isEmpty();
  }

  @Test
  void logPaneKeepsOnlyTheNewestLines() {
    TopModel m = press(start, 'l');
    LogSource api = new LogSource("shop", "api", 0);
    for (int i = 0; i < TopModel.LOG_CAPACITY + 10; i++) {
      m = TopUpdate.update(m, new TopEvent.LogArrived(api, "line " + i));
    }
    assertThat(m.logLines())
        .hasSize(TopModel.LOG_CAPACITY)
        .endsWith("line " + (TopModel.LOG_CAPACITY + 9));
  }

  @Test
  void refreshKeepsTheSelectionByIdentityAndFallsBackWhenItDisappears() {
    TopModel web = press(start, 'j');
    ClusterData reordered =
        new ClusterData(
            NOW.plusSeconds(2),
            cluster(true).nodes(),
            List.of(cluster(true).services().get(2), cluster(true).services().get(1)),
            true,
            Map.of(),
            Map.of());
    TopModel refreshed = TopUpdate.update(web, new TopEvent.DataArrived(reordered));
    assertThat(refreshed.ui().selectedService()).isEqualTo("shop/web");

    ClusterData webGone =
        new ClusterData(
            NOW,
            cluster(true).nodes(),
            List.of(cluster(true).services().get(2)),
            true,
            Map.of(),
            Map.of());
    assertThat(TopUpdate.update(web, new TopEvent.DataArrived(webGone)).ui().selectedService())
        .isEqualTo("shop/worker");
  }

  @Test
  void lostEngineKeepsTheLastDataAndRecoversOnTheNextAnswer() {
    TopModel lost = TopUpdate.update(start, new TopEvent.EngineLost("connection refused"));
    assertThat(lost.connection()).isEqualTo(Connection.RECONNECTING);
    assertThat(lost.connectionNote()).isEqualTo("connection refused");
    assertThat(lost.visible().services()).hasSize(3);

    TopModel back = TopUpdate.update(lost, new TopEvent.DataArrived(cluster(true)));
    assertThat(back.connection()).isEqualTo(Connection.CONNECTED);
    assertThat(back.connectionNote()).isEmpty();
  }

  @Test
  void historyIsCollectedFromSamplesWhenTheEngineSendsNoSeries() {
    TopModel m = start;
    for (int i = 0; i < History.CAPACITY + 5; i++) {
      m = TopUpdate.update(m, new TopEvent.DataArrived(cluster(true)));
    }
    History api1 = m.history().get("task-api-1");
    assertThat(api1.cpu()).hasSize(History.CAPACITY).containsOnly(0.25);
    assertThat(api1.memory()).hasSize(History.CAPACITY);

    TopModel noMetrics = loaded(cluster(false), 80, 24);
    assertThat(noMetrics.history().get("task-api-1").cpu()).isEmpty();
  }

  @Test
  void historyComesFromTheEngineSeriesWhenPresent() {
    ClusterData base = cluster(true);
    ClusterData withSeries =
        new ClusterData(
            NOW,
            base.nodes(),
            base.services(),
            true,
            Map.of("task-api-1", List.of(0.1, 0.2, 0.3)),
            Map.of());
    TopModel m = TopUpdate.update(start, new TopEvent.DataArrived(withSeries));
    assertThat(m.history().get("task-api-1").cpu()).containsExactly(0.1, 0.2, 0.3);
    assertThat(m.history().get("task-api-2").cpu()).containsExactly(0.25, 0.25);
  }

  @Test
  void resizeAndTickOnlyChangeSizeAndTime() {
    TopModel resized = TopUpdate.update(start, new TopEvent.Resize(80, 24));
    assertThat(resized.columns()).isEqualTo(80);
    assertThat(resized.rows()).isEqualTo(24);
    assertThat(resized.ui()).isEqualTo(start.ui());
    assertThat(TopUpdate.update(start, new TopEvent.Tick(NOW.plusSeconds(5))).now())
        .isEqualTo(NOW.plusSeconds(5));
  }

  @Test
  void emptyClusterHasNoSelectionAndKeysAreHarmless() {
    TopModel empty = loaded(ClusterData.empty(), 80, 24);
    TopModel after = press(press(empty, 'j', 'k', 's', 'l'), KeyKind.ENTER);
    assertThat(after.ui().selectedService()).isEmpty();
    assertThat(after.logSource()).isEqualTo(Optional.empty());
    assertThat(after.visible().containers()).isEmpty();
    assertThat(TopFixtures.service("d", "s", 1, OptionalDouble.empty()).key()).isEqualTo("d/s");
  }
}
