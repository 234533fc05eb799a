package dev.banyan.cli.command;

import com.google.protobuf.Timestamp;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.cli.support.LogTarget;
import dev.banyan.cli.support.Since;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.LogsRequest;
import dev.banyan.proto.v1.LogsResponse;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli logs}: merged logs of a deployment's containers on every node. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Streams the logs of a deployment, a service or one replica, from every node, through the"
            + " engine. Lines are prefixed SERVICE.REPLICA@NODE.")
public final class LogsCommand implements Callable<Integer> {
  private static final String[] COLOURS = {
    "\033[36m", "\033[33m", "\033[32m", "\033[35m", "\033[34m", "\033[91m", "\033[96m", "\033[93m"
  };
  private static final String RESET = "\033[0m";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;

  @Parameters(paramLabel = "NAME[/SERVICE[/REPLICA]]", description = "What to read logs of.")
  String target;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep streaming new lines.")
  boolean follow;

  @Option(
      names = {"-n", "--tail"},
      paramLabel = "N",
      description = "Lines from the end of each container's log (default: all).",
      defaultValue = "-1")
  int tail;

  @Option(
      names = "--since",
      paramLabel = "10m|TIMESTAMP",
      description = "Only lines newer than a duration ago (30s, 10m, 2h) or an RFC 3339 time.")
  String since;

  @Option(
      names = {"-t", "--timestamps"},
      description = "Show each line's timestamp.")
  boolean timestamps;

  @Option(names = "--no-prefix", description = "Do not prefix lines with SERVICE.REPLICA@NODE.")
  boolean noPrefix;

  @Option(names = "--no-color", description = "Never colour the prefixes.")
  boolean noColor;

  @Override
  public Integer call() {
    LogTarget where = LogTarget.parse(target);
    LogsRequest.Builder request =
        LogsRequest.newBuilder()
            .setDeployment(where.deployment())
            .setService(where.service())
            .setReplica(where.replica())
            .setFollow(follow)
            .setTail(tail)
            .setTimestamps(timestamps);
    if (since != null) {
      Instant from = Since.parse(since, Clock.systemUTC());
      request.setSince(
          Timestamp.newBuilder().setSeconds(from.getEpochSecond()).setNanos(from.getNano()));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean colour = !noColor && System.console() != null && System.getenv("NO_COLOR") == null;
    try (EngineConnection connection = new EngineConnection(engine)) {
      Context.CancellableContext context = Context.current().withCancellation();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> context.cancel(null)));
      try {
        context.run(
            () -> {
              Iterator<LogsResponse> stream = connection.streamingStub().logs(request.build());
              while (stream.hasNext()) {
                LogsResponse event = stream.next();
                if (event.hasWarning()) {
                  err.println("warning: " + event.getWarning());
                  err.flush();
                } else {
                  out.println(format(event.getLine(), colour));
                  out.flush();
                }
              }
            });
      } catch (StatusRuntimeException e) {
        if (context.isCancelled()) {
          return ExitCodes.OK;
        }
        throw connection.translate(e);
      }
    }
    return ExitCodes.OK;
  }

  private String format(LogLine line, boolean colour) {
    StringBuilder text = new StringBuilder();
    if (!noPrefix) {
      String prefix = line.getService() + "." + line.getReplica() + "@" + line.getNode();
      if (colour) {
        String c = COLOURS[Math.floorMod(prefix.hashCode(), COLOURS.length)];
        text.append(c).append(prefix).append(" |").append(RESET).append(' ');
      } else {
        text.append(prefix).append(" | ");
      }
    }
    if (timestamps && line.hasTimestamp()) {
      Instant at =
          Instant.ofEpochSecond(line.getTimestamp().getSeconds(), line.getTimestamp().getNanos());
      text.append(TIME.format(at)).append(' ');
    }
    return text.append(line.getText()).toString();
  }
}
