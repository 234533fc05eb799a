package dev.banyan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The class-data training run exercises the commands it names, each to a successful end. */
class CdsTrainingCommandTest {
  @Test
  void everyTrainingRunSucceedsAgainstTheStandInEngine() throws Exception {
    assertThat(new CdsTrainingCommand().call()).as("failed training runs").isZero();
  }
}
