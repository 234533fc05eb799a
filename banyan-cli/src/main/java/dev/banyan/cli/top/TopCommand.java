package dev.banyan.cli.top;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.cli.support.EngineOptions;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan-cli top}: a live full-screen view of nodes, services, containers and logs. */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description =
        "Live dashboard: nodes with CPU, memory and disk; services with replicas, resources and"
            + " traffic; the selected service's containers with history sparklines; its logs."
            + " Press ? inside for the keys. --once prints one plain-text snapshot for scripts.")
public final class TopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only this deployment.")
  String deployment;

  @Option(names = "--once", description = "Print one plain-text snapshot and exit.")
  boolean once;

  @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set).")
  boolean noColor;

  @Option(
      names = "--interval",
      paramLabel = "MILLIS",
      defaultValue = "1500",
      description = "Refresh period in milliseconds (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  private final Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (intervalMillis < 200) {
      throw new UserError(
          "--interval must be at least 200 ms; pass e.g. --interval 1500.", ExitCodes.BAD_USAGE);
    }
    String name = deployment == null ? "" : deployment;
    if (once) {
      try (EngineConnection connection = new EngineConnection(engine)) {
        ClusterData data = new EngineSource(connection, name, clock).fetch();
        OnceReport.print(data, engine.address(), clock.instant(), spec.commandLine().getOut());
      }
      return ExitCodes.OK;
    }
    if (System.console() == null) {
      throw new UserError(
          "top needs an interactive terminal; run it in one, or use 'banyan-cli top --once' for"
              + " a plain-text snapshot.");
    }
    return live(name);
  }

  private int live(String name) throws IOException, InterruptedException {
    // A wrong address or password is an error to show now, as one sentence on a normal terminal;
    // only an engine lost after a good start is waited out ("reconnecting…").
    try (EngineConnection first = new EngineConnection(engine)) {
      new EngineSource(first, name, clock).fetch();
    }
    Charset charset = Charset.defaultCharset();
    Theme theme = Theme.of(colourWanted(noColor, System.getenv()), charset);
    Terminal terminal =
        new DefaultTerminalFactory(System.out, System.in, charset)
            .setForceTextTerminal(true)
            .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
            .createTerminal();
    TerminalScreen screen = new TerminalScreen(terminal);
    TopApp app = new TopApp(screen, new TopView(theme), clock);
    try (EngineConnection polling = new EngineConnection(engine);
        EngineConnection streaming = new EngineConnection(engine);
        Poller poller =
            new Poller(
                new EngineSource(polling, name, clock)::fetch,
                app.sink(),
                Duration.ofMillis(intervalMillis));
        LogTail logs = new LogTail(streaming, app.sink(), clock)) {
      screen.startScreen();
      Thread restore = new Thread(() -> stop(screen));
      Runtime.getRuntime().addShutdownHook(restore);
      try {
        poller.start();
        app.run(TopModel.initial(engine.address(), clock.instant(), 80, 24), logs::follow);
      } finally {
        stop(screen);
        Runtime.getRuntime().removeShutdownHook(restore);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.flush();
    return ExitCodes.OK;
  }

  private static void stop(TerminalScreen screen) {
    try {
      screen.stopScreen();
    } catch (IOException | RuntimeException e) {
      // Already stopped (the shutdown hook raced the normal exit) or the terminal is gone:
      // nothing left to restore.
    }
  }

  /** Colours unless {@code --no-color}, a non-empty {@code NO_COLOR} or a dumb terminal. */
  static boolean colourWanted(boolean noColorFlag, Map<String, String> env) {
    String noColour = env.get("NO_COLOR");
    return !noColorFlag
        && (noColour == null || noColour.isEmpty())
        && !"dumb".equals(env.getOrDefault("TERM", ""));
  }
}
