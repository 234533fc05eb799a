package dev.banyan.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Podman. It prints JSON with {@code --format json}; its {@code stop} has no signal option (the
 * stop signal given at create time is used); and on hosts where its default OCI runtime cannot work
 * it is given another one with the global {@code --runtime} option.
 */
public final class PodmanDialect extends DockerCompatibleDialect {
  private final Optional<String> ociRuntime;

  public PodmanDialect(Optional<String> ociRuntime) {
    this("podman", ociRuntime);
  }

  public PodmanDialect(String executable, Optional<String> ociRuntime) {
    super(executable);
    this.ociRuntime = ociRuntime;
  }

  @Override
  public String name() {
    return "podman";
  }

  /** The OCI runtime passed with {@code --runtime}, if any. */
  public Optional<String> ociRuntime() {
    return ociRuntime;
  }

  @Override
  public List<String> base() {
    List<String> argv = new ArrayList<>(super.base());
    ociRuntime.ifPresent(r -> argv.addAll(List.of("--runtime", r)));
    return List.copyOf(argv);
  }

  @Override
  protected String jsonFormat() {
    return "json";
  }

  @Override
  public List<String> stop(String id, Optional<String> signal, Duration grace) {
    return cmd("stop", "--time", Long.toString(Math.max(0, grace.toSeconds())), id);
  }

  @Override
  public Optional<ContainerEvent> parseEvent(JsonNode e) {
    // podman: {"ID":..,"Status":"died","Type":"container","Attributes":{labels}}
    if (!e.path("Type").asText("container").equals("container")) {
      return Optional.empty();
    }
    String id = e.path("ID").asText("");
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ContainerEvent(id, e.path("Status").asText(""), Json.stringMap(e.path("Attributes"))));
  }

  @Override
  public List<String> info() {
    return cmd("info", "--format", "json");
  }

  @Override
  public Optional<Path> storageRoot(JsonNode info) {
    String dir = info.path("store").path("graphRoot").asText("");
    return dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
  }
}
