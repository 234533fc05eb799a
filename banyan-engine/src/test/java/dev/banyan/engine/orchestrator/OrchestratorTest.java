package dev.banyan.engine.orchestrator;

import static dev.banyan.engine.testing.Specs.deployment;
import static dev.banyan.engine.testing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.engine.controlapi.DeploymentService;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.Versioned;
import dev.banyan.engine.testing.EtcdExtension;
import dev.banyan.engine.testing.StoreWiper;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.ServiceChange;
import dev.banyan.proto.v1.Task;
import dev.banyan.proto.v1.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrchestratorTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private ClusterStore store;
  private DeploymentService deployments;
  private Orchestrator orchestrator;

  @BeforeEach
  void setUp() {
    store = etcd.newStore();
    StoreWiper.wipe(etcd, store);
    deployments = new DeploymentService(store, Clock.systemUTC());
    orchestrator = new Orchestrator(store, Clock.systemUTC(), Duration.ofSeconds(1));
  }

  @Test
  void deployCreatesOneTaskPerReplica() {
    deployments.deploy(
        deployment("shop", service("web", 3, "nginx"), service("db", 1, "pg")), "f", false);
    orchestrator.pass();

    Map<String, List<Task>> byService =
        running().stream().collect(Collectors.groupingBy(Task::getService));
    assertThat(byService.get("web"))
        .extracting(Task::getReplica)
        .containsExactlyInAnyOrder(1, 2, 3);
    assertThat(byService.get("db")).extracting(Task::getReplica).containsExactly(1);
    assertThat(byService.get("web"))
        .allSatisfy(
            t -> {
              assertThat(t.getSchedulerState()).isEqualTo(TaskState.TASK_STATE_NEW);
              assertThat(t.getDeploymentRevision()).isEqualTo(1);
              assertThat(t.getSpecHash()).hasSize(64);
            });
    assertThat(orchestrator.pass()).as("a converged cluster needs no writes").isZero();
  }

  @Test
  void redeployingAnUnchangedFileWritesNothing() {
    deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    orchestrator.pass();
    Set<String> before = ids(running());
    long revision = store.snapshot().revision();

    DeployResponse again =
        deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);

    assertThat(again.getRevision()).isEqualTo(1);
    assertThat(again.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsOnly(ServiceChange.Kind.KIND_UNCHANGED);
    assertThat(orchestrator.pass()).isZero();
    assertThat(store.snapshot().revision()).as("no etcd write at all").isEqualTo(revision);
    assertThat(ids(running())).isEqualTo(before);
  }

  @Test
  void changingOneServiceReplacesOnlyItsTasks() {
    deployments.deploy(
        deployment("shop", service("web", 2, "nginx:1"), service("db", 1, "pg")), "f", false);
    orchestrator.pass();
    Set<String> db = ids(tasksOf("db"));
    Set<String> oldWeb = ids(tasksOf("web"));

    DeployResponse response =
        deployments.deploy(
            deployment("shop", service("web", 2, "nginx:2"), service("db", 1, "pg")), "f", false);
    orchestrator.pass();

    assertThat(response.getRevision()).isEqualTo(2);
    assertThat(response.getChangesList())
        .extracting(ServiceChange::getService, ServiceChange::getKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web", ServiceChange.Kind.KIND_UPDATED),
            org.assertj.core.groups.Tuple.tuple("db", ServiceChange.Kind.KIND_UNCHANGED));
    assertThat(ids(tasksOf("db"))).isEqualTo(db);
    List<Task> web = tasksOf("web");
    assertThat(web.stream().filter(t -> oldWeb.contains(t.getId())))
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.getDesiredState()).isEqualTo(TaskState.TASK_STATE_SHUTDOWN));
    assertThat(web.stream().filter(t -> !oldWeb.contains(t.getId())))
        .hasSize(2)
        .allSatisfy(
            t -> {
              assertThat(t.getDesiredState()).isEqualTo(TaskState.TASK_STATE_RUNNING);
              assertThat(t.getSpec().getImage()).isEqualTo("nginx:2");
              assertThat(t.getDeploymentRevision()).isEqualTo(2);
            });
    assertThat(store.history("shop")).hasSize(2);
  }

  @Test
  void removingAServiceShutsItsTasksDown() {
    deployments.deploy(
        deployment("shop", service("web", 1, "nginx"), service("db", 2, "pg")), "f", false);
    orchestrator.pass();

    DeployResponse response =
        deployments.deploy(deployment("shop", service("web", 1, "nginx")), "f", false);
    orchestrator.pass();

    assertThat(response.getChangesList())
        .filteredOn(c -> c.getService().equals("db"))
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_REMOVED);
    assertThat(tasksOf("db"))
        .hasSize(2)
        .allSatisfy(t -> assertThat(t.getDesiredState()).isEqualTo(TaskState.TASK_STATE_SHUTDOWN));
    assertThat(tasksOf("web"))
        .allSatisfy(t -> assertThat(t.getDesiredState()).isEqualTo(TaskState.TASK_STATE_RUNNING));
  }

  @Test
  void scalingDownShutsTheHighestSlotsAndScalingUpAddsSlots() {
    deployments.deploy(deployment("shop", service("web", 4, "nginx")), "f", false);
    orchestrator.pass();
    deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    orchestrator.pass();

    assertThat(running()).extracting(Task::getReplica).containsExactlyInAnyOrder(1, 2);
    assertThat(tasksOf("web"))
        .filteredOn(t -> t.getDesiredState() == TaskState.TASK_STATE_SHUTDOWN)
        .extracting(Task::getReplica)
        .containsExactlyInAnyOrder(3, 4);

    Set<String> kept = ids(running());
    deployments.deploy(deployment("shop", service("web", 3, "nginx")), "f", false);
    orchestrator.pass();
    assertThat(running()).extracting(Task::getReplica).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(ids(running())).containsAll(kept);
  }

  @Test
  void replacesATaskWhoseSlotWasEmptied() {
    deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", false);
    orchestrator.pass();
    Task gone = running().get(0);
    store.commit(
        List.of(
            dev.banyan.engine.store.StoreOp.delete(
                dev.banyan.engine.store.StoreKey.task(gone.getId()),
                dev.banyan.engine.store.StoreOp.ANY)));

    orchestrator.pass();

    assertThat(running()).extracting(Task::getReplica).containsExactlyInAnyOrder(1, 2);
    assertThat(ids(running())).doesNotContain(gone.getId());
  }

  @Test
  void dryRunReportsChangesWithoutWriting() {
    long revision = store.snapshot().revision();
    DeployResponse response =
        deployments.deploy(deployment("shop", service("web", 2, "nginx")), "f", true);
    assertThat(response.getChangesList())
        .extracting(ServiceChange::getKind)
        .containsExactly(ServiceChange.Kind.KIND_CREATED);
    assertThat(store.snapshot().revision()).isEqualTo(revision);
    assertThat(store.deployment("shop")).isEmpty();
  }

  @Test
  void removingADeploymentDeletesItAndItsHistory() {
    deployments.deploy(deployment("gone", service("web", 0, "nginx:1")), "f", false);
    deployments.deploy(deployment("gone", service("web", 0, "nginx:2")), "f", false);
    deployments.deploy(deployment("gone", service("web", 0, "nginx:3")), "f", false);
    assertThat(store.history("gone")).hasSize(3);

    assertThat(deployments.remove("gone", false)).isEmpty();

    assertThat(store.deployment("gone")).isEmpty();
    assertThat(store.history("gone")).isEmpty();
  }

  private List<Task> running() {
    return store.snapshot().tasks().values().stream()
        .map(Versioned::value)
        .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING)
        .toList();
  }

  private List<Task> tasksOf(String service) {
    return store.snapshot().tasks().values().stream()
        .map(Versioned::value)
        .filter(t -> t.getService().equals(service))
        .toList();
  }

  private static Set<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::getId).collect(Collectors.toSet());
  }
}
