package dev.banyan.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Looks at the machine's real podman containers, the ground truth an e2e test checks against. */
public final class Podman {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Podman() {}

  /** A container as podman lists it. */
  public record Container(String id, String name, String state, Map<String, String> labels) {
    public String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  /** Every container (running or not) carrying {@code label=value}. */
  public static List<Container> containers(String label, String value) {
    ProcessResult r =
        Binaries.exec(
            List.of(
                "podman",
                "ps",
                "-a",
                "--filter",
                "label=" + label + "=" + value,
                "--format",
                "json"),
            Map.of(),
            null);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("podman ps failed: " + r.describe());
    }
    try {
      List<Container> result = new ArrayList<>();
      JsonNode array = JSON.readTree(r.stdout().isBlank() ? "[]" : r.stdout());
      for (JsonNode c : array) {
        Map<String, String> labels = new java.util.HashMap<>();
        c.path("Labels")
            .fields()
            .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        result.add(
            new Container(
                c.path("Id").asText(),
                c.path("Names").path(0).asText(),
                c.path("State").asText(),
                labels));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds the busybox test image (idempotent) with the project's own script. */
  public static void buildTestImage() {
    ProcessResult r =
        Binaries.exec(
            List.of("bash", Binaries.home().resolve("scripts/build-busybox-image.sh").toString()),
            Map.of(),
            null);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("building the busybox image failed: " + r.describe());
    }
  }

  /** Force-removes every container carrying {@code label=value}. */
  public static void removeAll(String label, String value) {
    for (Container c : containers(label, value)) {
      Binaries.exec(List.of("podman", "rm", "-f", "-t", "0", c.id()), Map.of(), null);
    }
  }

  /** Whether podman has a volume of this name. */
  public static boolean volumeExists(String name) {
    return Binaries.exec(List.of("podman", "volume", "exists", name), Map.of(), null).exitCode()
        == 0;
  }

  /** Removes a volume if it exists (test clean-up). */
  public static void removeVolume(String name) {
    Binaries.exec(List.of("podman", "volume", "rm", "-f", name), Map.of(), null);
  }
}
