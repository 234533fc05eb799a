package dev.banyan.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * The engine's and agent's logging, set up in code (found by logback through {@code
 * META-INF/services}): one line per event on standard error (journald adds the rest), at {@code
 * BANYAN_LOG_LEVEL} (info by default), with the chatty libraries at warn. Not an XML file:
 * logback's XML configuration loads about 600 classes, which an agent pays for in resident memory
 * (docs/benchmarks.md). {@code -Dlogback.configurationFile=FILE} still takes over when given.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DaemonLogging extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";
  static final List<String> QUIET = List.of("io.grpc", "io.netty", "io.vertx", "io.etcd");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(System.getenv("BANYAN_LOG_LEVEL")));
    root.addAppender(stderr);
    QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** trace, debug, info, warn or error in any case; anything else is info. */
  static Level level(String name) {
    return Level.toLevel(name, Level.INFO);
  }
}
