package dev.banyan.agent.runtime;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Dialect} for {@code --runtime}: {@code auto} picks nerdctl, then docker (only
 * if its daemon answers), then podman.
 */
public final class RuntimeSelector {
  private static final Logger log = LoggerFactory.getLogger(RuntimeSelector.class);

  private final ProcessRunner runner;

  public RuntimeSelector(ProcessRunner runner) {
    this.runner = runner;
  }

  /**
   * The dialect for {@code runtime}.
   *
   * @param ociRuntime {@code auto}, or a path/name of the OCI runtime podman should use
   */
  public Dialect select(String runtime, String ociRuntime) {
    return switch (runtime) {
      case "podman" -> podman(ociRuntime);
      case "docker" -> new DockerDialect();
      case "nerdctl" -> new NerdctlDialect();
      case "auto" -> auto(ociRuntime);
      default ->
          throw new IllegalArgumentException(
              "unknown runtime '" + runtime + "'; use auto, nerdctl, docker or podman");
    };
  }

  private Dialect auto(String ociRuntime) {
    if (OciRuntimeChoice.which("nerdctl").isPresent()) {
      return new NerdctlDialect();
    }
    if (OciRuntimeChoice.which("docker").isPresent()
        && runner.run(new DockerDialect().info(), Duration.ofSeconds(10)).ok()) {
      return new DockerDialect();
    }
    if (OciRuntimeChoice.which("podman").isPresent()) {
      return podman(ociRuntime);
    }
    throw new IllegalStateException(
        "no container runtime found: install nerdctl, docker or podman, or pass --runtime");
  }

  private static Dialect podman(String ociRuntime) {
    Optional<String> oci =
        ociRuntime.equals("auto") ? OciRuntimeChoice.detect() : Optional.of(ociRuntime);
    oci.ifPresent(r -> log.info("podman will use the OCI runtime {}", r));
    return new PodmanDialect(oci);
  }
}
