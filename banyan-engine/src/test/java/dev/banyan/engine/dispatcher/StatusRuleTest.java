package dev.banyan.engine.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.proto.v1.TaskState;
import dev.banyan.proto.v1.TaskStatus;
import org.junit.jupiter.api.Test;

class StatusRuleTest {
  @Test
  void acceptsForwardMovesAndRejectsBackwardOnes() {
    assertThat(
            StatusRule.accepts(
                false, TaskStatus.getDefaultInstance(), s(TaskState.TASK_STATE_STARTING, 0)))
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_STARTING, 0), s(TaskState.TASK_STATE_RUNNING, 0)))
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_RUNNING, 0), s(TaskState.TASK_STATE_RUNNING, 0)))
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_RUNNING, 0), s(TaskState.TASK_STATE_STARTING, 0)))
        .isFalse();
  }

  @Test
  void shutdownIsFinalWhateverTheRestartCount() {
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_STARTING, 5), s(TaskState.TASK_STATE_SHUTDOWN, 0)))
        .as("a crash-looping task shut down by down")
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_SHUTDOWN, 0), s(TaskState.TASK_STATE_RUNNING, 9)))
        .isFalse();
  }

  @Test
  void aRestartMayGoBackToStartingWithAHigherCount() {
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_RUNNING, 0), s(TaskState.TASK_STATE_STARTING, 1)))
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_STARTING, 2), s(TaskState.TASK_STATE_RUNNING, 1)))
        .isFalse();
  }

  @Test
  void terminalStatesOnlyGiveWayToShutdown() {
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_FAILED, 3), s(TaskState.TASK_STATE_STARTING, 4)))
        .isFalse();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_FAILED, 3), s(TaskState.TASK_STATE_SHUTDOWN, 3)))
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_COMPLETE, 0), s(TaskState.TASK_STATE_SHUTDOWN, 0)))
        .isTrue();
    assertThat(
            StatusRule.accepts(
                true, s(TaskState.TASK_STATE_SHUTDOWN, 0), s(TaskState.TASK_STATE_RUNNING, 5)))
        .isFalse();
  }

  @Test
  void anUnspecifiedStateIsNeverStored() {
    assertThat(
            StatusRule.accepts(
                false, TaskStatus.getDefaultInstance(), TaskStatus.getDefaultInstance()))
        .isFalse();
  }

  private static TaskStatus s(TaskState state, int restarts) {
    return TaskStatus.newBuilder().setState(state).setRestartCount(restarts).build();
  }
}
