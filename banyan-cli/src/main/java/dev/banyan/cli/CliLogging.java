package dev.banyan.cli;

import java.util.Locale;
import java.util.Map;

/**
 * The CLI's logging: quiet (errors only) unless {@code BANYAN_LOG_LEVEL} asks for more, on standard
 * error, through slf4j-simple (configured by system properties, so it must run before the first
 * logger is created).
 */
final class CliLogging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private CliLogging() {}

  static void configure(Map<String, String> env) {
    String level = env.getOrDefault("BANYAN_LOG_LEVEL", "error").toLowerCase(Locale.ROOT);
    System.setProperty(PREFIX + "defaultLogLevel", level);
    System.setProperty(PREFIX + "logFile", "System.err");
    // Time stamps only when more than errors is asked for: loading the date format's locale data
    // took about 20 ms of every run, and an error line needs no time.
    if (!level.equals("error") && !level.equals("off")) {
      System.setProperty(PREFIX + "showDateTime", "true");
      System.setProperty(PREFIX + "dateTimeFormat", "HH:mm:ss.SSS");
    }
    System.setProperty(PREFIX + "showShortLogName", "true");
    // gRPC's transport (Netty) is chatty at debug and its warnings repeat the CLI's own errors.
    if (System.getProperty(PREFIX + "log.io.grpc") == null) {
      System.setProperty(PREFIX + "log.io.grpc", "error");
    }
  }
}
