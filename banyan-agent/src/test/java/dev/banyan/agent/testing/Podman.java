package dev.banyan.agent.testing;

import dev.banyan.agent.runtime.CliContainerRuntime;
import dev.banyan.agent.runtime.OciRuntimeChoice;
import dev.banyan.agent.runtime.PodmanDialect;
import dev.banyan.agent.runtime.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Test helpers around the real podman: the busybox image and cleanup by label. */
public final class Podman {
  public static final String IMAGE = "localhost/banyan-busybox:latest";

  private Podman() {}

  /** A runtime with the dialect the agent would pick on this host. */
  public static CliContainerRuntime runtime() {
    return new CliContainerRuntime(
        new PodmanDialect(OciRuntimeChoice.detect()), new ProcessRunner());
  }

  /** Builds the busybox test image unless it exists. */
  public static void ensureImage() throws IOException, InterruptedException {
    Path script = Path.of("..", "scripts", "build-busybox-image.sh").toAbsolutePath().normalize();
    if (!Files.exists(script)) {
      throw new IllegalStateException("missing " + script);
    }
    Process p = new ProcessBuilder("bash", script.toString(), IMAGE).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("building the busybox image failed");
    }
  }

  /** Force-removes every container with {@code label} (key=value). */
  public static void removeAll(String label) {
    ProcessRunner runner = new ProcessRunner();
    ProcessRunner.Result ids =
        runner.run(
            List.of("podman", "ps", "-a", "-q", "--filter", "label=" + label),
            Duration.ofSeconds(60));
    for (String id : ids.stdout().strip().split("\\s+", -1)) {
      if (!id.isBlank()) {
        runner.run(List.of("podman", "rm", "-f", "-t", "0", id), Duration.ofSeconds(60));
      }
    }
  }
}
