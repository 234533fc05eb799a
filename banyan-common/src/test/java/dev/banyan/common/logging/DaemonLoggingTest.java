package dev.banyan.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The daemons' logging as logback sets it up: found through the service file, quiet libraries. */
class DaemonLoggingTest {
  @Test
  void logbackUsesItInsteadOfAnXmlFile() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

    assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
    assertThat(context.getLogger("io.grpc.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("dev.banyan.agent").getEffectiveLevel())
        .isEqualTo(DaemonLogging.level(System.getenv("BANYAN_LOG_LEVEL")));
  }

  @Test
  void levelsAreReadInAnyCaseAndDefaultToInfo() {
    assertThat(DaemonLogging.level("debug")).isEqualTo(Level.DEBUG);
    assertThat(DaemonLogging.level("WARN")).isEqualTo(Level.WARN);
    assertThat(DaemonLogging.level(null)).isEqualTo(Level.INFO);
    assertThat(DaemonLogging.level("loud")).isEqualTo(Level.INFO);
  }

  @Test
  void aConfigurationFileGivenByTheOperatorTakesOver() {
    System.setProperty("logback.configurationFile", "/etc/banyan/logback.xml");
    try {
      assertThat(new DaemonLogging().configure(new LoggerContext()))
          .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
