package dev.banyan.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.agent.node.HostLimits;
import dev.banyan.agent.node.UlimitPolicy;
import dev.banyan.agent.runtime.ContainerInfo;
import dev.banyan.agent.runtime.ContainerState;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.Dependency;
import dev.banyan.proto.v1.Health;
import dev.banyan.proto.v1.NetworkEndpoint;
import dev.banyan.proto.v1.RestartPolicy;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import dev.banyan.proto.v1.Ulimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilePlannerTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String NODE = "n1";
  private final ReconcilePlanner planner =
      new ReconcilePlanner(
          new UlimitPolicy(
              HostLimits.parse(
                  "Max processes 4096 4096 processes\nMax open files 1024 20000 files\n",
                  "32768")));

  private static Task task(String id, String service, RestartPolicy.Condition restart) {
    return Task.newBuilder()
        .setId(id)
        .setDeployment("shop")
        .setService(service)
        .setReplica(1)
        .setSpecHash("h1")
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setSpec(
            ContainerSpec.newBuilder()
                .setImage("img")
                .setRestart(RestartPolicy.newBuilder().setCondition(restart)))
        .build();
  }

  private static Task web() {
    return task("t-web", "web", RestartPolicy.Condition.CONDITION_ALWAYS);
  }

  private static ContainerInfo container(
      Task t, String id, ContainerState state, int exit, Instant started, Instant finished) {
    Map<String, String> labels = TaskLabels.forTask(t, NODE);
    return new ContainerInfo(
        id,
        TaskLabels.containerName(t),
        "img",
        state,
        exit,
        false,
        Optional.ofNullable(started),
        Optional.ofNullable(finished),
        labels,
        List.of("10.88.0.5"),
        "",
        0);
  }

  private static ContainerInfo running(Task t, String id, Instant started) {
    return container(t, id, ContainerState.RUNNING, 0, started, null);
  }

  private static ContainerInfo exited(Task t, String id, int code, Instant started, Instant end) {
    return container(t, id, ContainerState.EXITED, code, started, end);
  }

  private Plan plan(List<Task> desired, List<ContainerInfo> containers) {
    return plan(desired, containers, Map.of(), NOW);
  }

  private Plan plan(
      List<Task> desired,
      List<ContainerInfo> containers,
      Map<String, TaskMemory> mem,
      Instant now) {
    Map<String, Task> d = new HashMap<>();
    desired.forEach(t -> d.put(t.getId(), t));
    return planner.plan(
        new Observation(d, containers, mem, Map.of(), Map.of(), Set.of(), now, List.of()));
  }

  @Test
  void createsAContainerForATaskThatHasNone() {
    Plan p = plan(List.of(web()), List.of());
    assertThat(p.actions()).containsExactly(new Action.Create(web()));
    assertThat(p.statuses().get("t-web").getState()).isEqualTo(TaskState.TASK_STATE_STARTING);
  }

  @Test
  void adoptsARunningContainerInsteadOfStartingADuplicate() {
    Plan p = plan(List.of(web()), List.of(running(web(), "c1", NOW.minusSeconds(60))));
    assertThat(p.actions()).isEmpty();
    TaskStatus s = p.statuses().get("t-web");
    assertThat(s.getState()).isEqualTo(TaskState.TASK_STATE_RUNNING);
    assertThat(s.getContainerId()).isEqualTo("c1");
    assertThat(s.getAddressesList()).containsExactly("10.88.0.5");
  }

  @Test
  void removesContainersOfUnassignedAndShutdownTasksWithTheirStopSettings() {
    Task down =
        web().toBuilder()
            .setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
            .setSpec(
                web().getSpec().toBuilder()
                    .setStopSignal("SIGINT")
                    .setStopGracePeriod(com.google.protobuf.Duration.newBuilder().setSeconds(3)))
            .build();
    Task gone = task("t-gone", "old", RestartPolicy.Condition.CONDITION_NO);
    Plan p = plan(List.of(down), List.of(running(down, "c1", NOW), running(gone, "c2", NOW)));
    assertThat(p.actions())
        .containsExactlyInAnyOrder(
            new Action.Remove(
                "t-web", "c1", Optional.of("SIGINT"), Duration.ofSeconds(3), "shut down"),
            new Action.Remove(
                "t-gone", "c2", Optional.empty(), Duration.ofSeconds(10), "no longer assigned"));
    assertThat(p.statuses()).doesNotContainKey("t-web");
    Plan after = plan(List.of(down), List.of());
    assertThat(after.statuses().get("t-web").getState()).isEqualTo(TaskState.TASK_STATE_SHUTDOWN);
  }

  @Test
  void aTaskRemovedWithItsVolumesTakesOnlyItsDeploymentsOwnNamedVolumes() {
    dev.banyan.proto.v1.Mount.Builder volume =
        dev.banyan.proto.v1.Mount.newBuilder().setType(dev.banyan.proto.v1.Mount.Type.TYPE_VOLUME);
    Task down =
        web().toBuilder()
            .setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
            .setRemoveVolumes(true)
            .setSpec(
                web().getSpec().toBuilder()
                    .addMounts(volume.clone().setSource("shop_data").setTarget("/data"))
                    .addMounts(volume.clone().setSource("shared-cache").setTarget("/cache"))
                    .addMounts(
                        dev.banyan.proto.v1.Mount.newBuilder()
                            .setType(dev.banyan.proto.v1.Mount.Type.TYPE_BIND)
                            .setSource("/srv/shop_conf")
                            .setTarget("/conf")))
            .build();
    Task keep = down.toBuilder().setRemoveVolumes(false).build();

    Action removed = plan(List.of(down), List.of(running(down, "c1", NOW))).actions().get(0);
    Action kept = plan(List.of(keep), List.of(running(keep, "c1", NOW))).actions().get(0);

    assertThat(((Action.Remove) removed).volumes())
        .as("external or explicitly named volumes may be shared: never removed")
        .containsExactly("shop_data");
    assertThat(((Action.Remove) kept).volumes()).isEmpty();
  }

  @Test
  void replacesAContainerWhoseSpecHashDiffers() {
    Task changed = web().toBuilder().setSpecHash("h2").build();
    Plan p = plan(List.of(changed), List.of(running(web(), "c1", NOW)));
    assertThat(p.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.Remove.class, r -> assertThat(r.reason()).isEqualTo("spec changed"));
    // The new container comes once the old one is gone (never two with one name).
    assertThat(plan(List.of(changed), List.of()).actions())
        .containsExactly(new Action.Create(changed));
  }

  @Test
  void removesDuplicateContainersOfOneTaskKeepingTheRunningOne() {
    Plan p =
        plan(
            List.of(web()),
            List.of(exited(web(), "old", 0, NOW, NOW), running(web(), "live", NOW)));
    assertThat(p.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.Remove.class, r -> assertThat(r.containerId()).isEqualTo("old"));
    assertThat(p.statuses().get("t-web").getContainerId()).isEqualTo("live");
  }

  @Test
  void crashLoopRestartsWithDoublingBackoff() {
    Task t = web();
    Map<String, TaskMemory> mem = new HashMap<>();
    Instant now = NOW;
    List<Duration> backoffs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ContainerInfo dead = exited(t, "c1", 1, now.minusMillis(200), now.minusMillis(100));
      Plan first = plan(List.of(t), List.of(dead), mem, now);
      TaskStatus s = first.statuses().get("t-web");
      assertThat(s.getState()).isEqualTo(TaskState.TASK_STATE_STARTING);
      assertThat(s.getRestartCount()).isEqualTo(i + 1);
      assertThat(s.getExitCode()).isEqualTo(1);
      backoffs.add(Duration.ofSeconds(s.getBackoff().getSeconds()));
      assertThat(first.actions()).isEmpty();
      mem = new HashMap<>(first.memory());
      now = now.plus(backoffs.get(i));
      Plan due = plan(List.of(t), List.of(dead), mem, now);
      assertThat(due.actions()).containsExactly(new Action.Restart("t-web", "c1"));
      mem = new HashMap<>(due.memory());
    }
    assertThat(backoffs)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
  }

  @Test
  void backoffResetsAfterAStableRun() {
    Task t = web();
    TaskMemory mem =
        TaskMemory.initial(3, Duration.ofSeconds(1)).withBackoff(Duration.ofSeconds(16));
    Plan p =
        plan(
            List.of(t),
            List.of(exited(t, "c1", 1, NOW.minusSeconds(60), NOW.minusSeconds(1))),
            Map.of("t-web", mem),
            NOW);
    assertThat(p.statuses().get("t-web").getBackoff().getSeconds()).isEqualTo(1);
    assertThat(p.statuses().get("t-web").getRestartCount()).isEqualTo(4);
  }

  @Test
  void restartCountContinuesFromTheEnginesLastStatusAfterAnAgentRestart() {
    Task t = web().toBuilder().setStatus(TaskStatus.newBuilder().setRestartCount(5)).build();
    Plan p = plan(List.of(t), List.of(running(t, "c1", NOW.minusSeconds(1))));
    assertThat(p.statuses().get("t-web").getRestartCount()).isEqualTo(5);
  }

  @Test
  void noRestartPolicyCompletesOrFailsWithExitCodeAndLastLines() {
    Task ok = task("t-ok", "job", RestartPolicy.Condition.CONDITION_NO);
    Task bad = task("t-bad", "job2", RestartPolicy.Condition.CONDITION_ON_FAILURE);
    bad =
        bad.toBuilder()
            .setSpec(
                bad.getSpec().toBuilder()
                    .setRestart(
                        RestartPolicy.newBuilder()
                            .setCondition(RestartPolicy.Condition.CONDITION_ON_FAILURE)
                            .setMaxAttempts(2)))
            .build();
    ContainerInfo badExit = exited(bad, "c2", 3, NOW.minusSeconds(1), NOW);
    Map<String, Task> d = Map.of(ok.getId(), ok, bad.getId(), bad);
    Plan p =
        planner.plan(
            new Observation(
                d,
                List.of(exited(ok, "c1", 0, NOW.minusSeconds(1), NOW), badExit),
                Map.of("t-bad", TaskMemory.initial(2, Duration.ofSeconds(1))),
                Map.of(),
                Map.of(Observation.exitKey(badExit), List.of("boom")),
                Set.of(),
                NOW,
                List.of()));
    assertThat(p.actions()).isEmpty();
    assertThat(p.statuses().get("t-ok").getState()).isEqualTo(TaskState.TASK_STATE_COMPLETE);
    TaskStatus failed = p.statuses().get("t-bad");
    assertThat(failed.getState()).isEqualTo(TaskState.TASK_STATE_FAILED);
    assertThat(failed.getExitCode()).isEqualTo(3);
    assertThat(failed.getHasExitCode()).isTrue();
    assertThat(failed.getLastLogLinesList()).containsExactly("boom");
  }

  @Test
  void aStartErrorIsReportedAsFailedWithTheRuntimesText() {
    TaskMemory mem =
        TaskMemory.initial(0, Duration.ofSeconds(1)).withStartError("Error: image not known");
    Plan p = plan(List.of(web()), List.of(), Map.of("t-web", mem), NOW);
    assertThat(p.actions()).isEmpty();
    assertThat(p.statuses().get("t-web").getState()).isEqualTo(TaskState.TASK_STATE_FAILED);
    assertThat(p.statuses().get("t-web").getError()).isEqualTo("Error: image not known");
  }

  @Test
  void dependenciesOnTheSameNodeGateTheStart() {
    Task db = task("t-db", "db", RestartPolicy.Condition.CONDITION_ALWAYS);
    Task app = task("t-app", "app", RestartPolicy.Condition.CONDITION_ALWAYS);
    app =
        app.toBuilder()
            .setSpec(
                app.getSpec().toBuilder()
                    .addDependsOn(
                        Dependency.newBuilder()
                            .setService("db")
                            .setCondition(Dependency.Condition.CONDITION_STARTED)))
            .build();
    Plan waiting = plan(List.of(db, app), List.of());
    assertThat(waiting.actions()).containsExactly(new Action.Create(db));
    assertThat(waiting.statuses().get("t-app").getMessage()).isEqualTo("waiting for db to start");
    Plan started = plan(List.of(db, app), List.of(running(db, "c-db", NOW)));
    assertThat(started.actions()).containsExactly(new Action.Create(app));
  }

  private static Task dependsOn(String service, Dependency.Condition condition, boolean required) {
    Task app = task("t-app", "app", RestartPolicy.Condition.CONDITION_ALWAYS);
    return app.toBuilder()
        .setSpec(
            app.getSpec().toBuilder()
                .addDependsOn(
                    Dependency.newBuilder()
                        .setService(service)
                        .setCondition(condition)
                        .setRequired(required)))
        .build();
  }

  private static NetworkEndpoint remote(String node, String service) {
    return NetworkEndpoint.newBuilder()
        .setDeployment("shop")
        .setService(service)
        .setReplica(1)
        .setTaskId("t-" + service + "-" + node)
        .setNode(node)
        .build();
  }

  private Plan planWithRemote(Task task, List<ContainerInfo> local, NetworkEndpoint... remote) {
    return planner.plan(
        new Observation(
            Map.of(task.getId(), task),
            local,
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(),
            NOW,
            List.of(remote)));
  }

  @Test
  void aDependencyOnAnotherNodeIsWaitedForUntilItIsHealthy() {
    Task app = dependsOn("db", Dependency.Condition.CONDITION_HEALTHY, true);
    NetworkEndpoint starting =
        remote("node-a", "db").toBuilder()
            .setRunning(true)
            .setHealth(Health.HEALTH_STARTING)
            .build();

    Plan waiting = planWithRemote(app, List.of(), starting);
    assertThat(waiting.actions()).isEmpty();
    assertThat(waiting.statuses().get("t-app").getState()).isEqualTo(TaskState.TASK_STATE_STARTING);
    assertThat(waiting.statuses().get("t-app").getMessage())
        .isEqualTo("waiting for db to be healthy (on node-a)");

    NetworkEndpoint healthy =
        starting.toBuilder().setHealth(Health.HEALTH_HEALTHY).setHealthy(true).build();
    assertThat(planWithRemote(app, List.of(), healthy).actions())
        .containsExactly(new Action.Create(app));
  }

  @Test
  void anyHealthyReplicaOnAnyNodeIsEnough() {
    Task app = dependsOn("db", Dependency.Condition.CONDITION_HEALTHY, true);
    NetworkEndpoint unhealthy =
        remote("node-b", "db").toBuilder()
            .setRunning(true)
            .setHealth(Health.HEALTH_UNHEALTHY)
            .build();
    NetworkEndpoint down = remote("node-a", "db");

    Plan waiting = planWithRemote(app, List.of(), unhealthy, down);
    assertThat(waiting.actions()).isEmpty();
    assertThat(waiting.statuses().get("t-app").getMessage())
        .isEqualTo("waiting for db to be healthy (on node-a, node-b)");

    NetworkEndpoint healthy =
        remote("node-c", "db").toBuilder().setRunning(true).setHealthy(true).build();
    assertThat(planWithRemote(app, List.of(), unhealthy, down, healthy).actions())
        .containsExactly(new Action.Create(app));
  }

  @Test
  void aRequiredDependencyWithNoReplicaAnywhereIsWaitedFor() {
    Task app = dependsOn("db", Dependency.Condition.CONDITION_STARTED, true);
    NetworkEndpoint otherDeployment =
        remote("node-a", "db").toBuilder().setDeployment("blog").setRunning(true).build();
    Plan p = planWithRemote(app, List.of(), otherDeployment);
    assertThat(p.actions()).isEmpty();
    assertThat(p.statuses().get("t-app").getMessage())
        .isEqualTo("waiting for db to start (no replica placed yet)");
  }

  @Test
  void anOptionalDependencyWithNoReplicaAnywhereIsNotWaitedFor() {
    Task app = dependsOn("db", Dependency.Condition.CONDITION_HEALTHY, false);
    Plan p = planWithRemote(app, List.of());
    assertThat(p.actions()).containsExactly(new Action.Create(app));
    assertThat(p.notes()).singleElement().asString().contains("required: false");
  }

  @Test
  void aRemoteDependencyMustCompleteSuccessfully() {
    Task app = dependsOn("migrate", Dependency.Condition.CONDITION_COMPLETED_SUCCESSFULLY, true);
    NetworkEndpoint running = remote("node-a", "migrate").toBuilder().setRunning(true).build();
    Plan waiting = planWithRemote(app, List.of(), running);
    assertThat(waiting.actions()).isEmpty();
    assertThat(waiting.statuses().get("t-app").getMessage())
        .isEqualTo("waiting for migrate to complete successfully (on node-a)");

    NetworkEndpoint done =
        remote("node-a", "migrate").toBuilder().setCompletedSuccessfully(true).build();
    assertThat(planWithRemote(app, List.of(), done).actions())
        .containsExactly(new Action.Create(app));
  }

  @Test
  void aRemoteDependencyThatRunsOrCompletedHasStarted() {
    Task app = dependsOn("db", Dependency.Condition.CONDITION_STARTED, true);
    assertThat(
            planWithRemote(app, List.of(), remote("node-a", "db"))
                .statuses()
                .get("t-app")
                .getMessage())
        .isEqualTo("waiting for db to start (on node-a)");
    assertThat(
            planWithRemote(
                    app, List.of(), remote("node-a", "db").toBuilder().setRunning(true).build())
                .actions())
        .containsExactly(new Action.Create(app));
    assertThat(
            planWithRemote(
                    app,
                    List.of(),
                    remote("node-a", "db").toBuilder().setCompletedSuccessfully(true).build())
                .actions())
        .containsExactly(new Action.Create(app));
  }

  @Test
  void aHealthyReplicaElsewhereIsEnoughWhileTheLocalOneStarts() {
    Task db = task("t-db", "db", RestartPolicy.Condition.CONDITION_ALWAYS);
    Task app = dependsOn("db", Dependency.Condition.CONDITION_STARTED, true);
    Map<String, Task> d = Map.of(db.getId(), db, app.getId(), app);
    Observation localOnly =
        new Observation(d, List.of(), Map.of(), Map.of(), Map.of(), Set.of(), NOW, List.of());
    assertThat(planner.plan(localOnly).statuses().get("t-app").getMessage())
        .isEqualTo("waiting for db to start");
    Observation withRemote =
        new Observation(
            d,
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(),
            NOW,
            List.of(remote("node-a", "db")));
    assertThat(planner.plan(withRemote).statuses().get("t-app").getMessage())
        .isEqualTo("waiting for db to start (on this node, node-a)");
    Observation remoteRuns =
        new Observation(
            d,
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(),
            NOW,
            List.of(remote("node-a", "db").toBuilder().setRunning(true).build()));
    assertThat(planner.plan(remoteRuns).actions())
        .containsExactlyInAnyOrder(new Action.Create(db), new Action.Create(app));
  }

  @Test
  void busyTasksAreLeftAlone() {
    Map<String, Task> d = Map.of("t-web", web());
    Plan p =
        planner.plan(
            new Observation(
                d, List.of(), Map.of(), Map.of(), Map.of(), Set.of("t-web"), NOW, List.of()));
    assertThat(p.actions()).isEmpty();
    assertThat(p.statuses()).isEmpty();
  }

  @Test
  void clampedUlimitsShowInTheRunningMessage() {
    Task t =
        web().toBuilder()
            .setSpec(
                web().getSpec().toBuilder()
                    .addUlimits(
                        Ulimit.newBuilder().setName("nofile").setSoft(99999).setHard(99999)))
            .build();
    Plan p = plan(List.of(t), List.of(running(t, "c1", NOW)));
    assertThat(p.statuses().get("t-web").getMessage())
        .isEqualTo("running; ulimit nofile 99999:99999 clamped to 20000:20000 (host limit)");
  }
}
