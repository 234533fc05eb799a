package dev.banyan.engine;

import dev.banyan.common.cli.Commands;
import dev.banyan.common.cli.VersionProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code banyan-engine}: the control plane. Wires the engine's parts together and runs them. */
@Command(
    name = "banyan-engine",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description =
        "Runs a Banyan engine: the control plane that stores state in etcd and schedules work.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:failed to start or crashed", "2:bad command line"})
public final class EngineMain implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address of the gRPC API for the CLI and agents (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:7070")
  String listen;

  @Option(
      names = "--etcd-endpoints",
      paramLabel = "URL",
      split = ",",
      description = "etcd client URLs; none: start and supervise a local etcd under --data-dir.")
  List<String> etcdEndpoints = List.of();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the engine keeps its state (default: ${DEFAULT-VALUE}).",
      defaultValue = "/var/lib/banyan/engine")
  Path dataDir;

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the engine is not wired yet");
  }

  public static void main(String[] args) {
    System.exit(Commands.create(new EngineMain()).execute(args));
  }
}
