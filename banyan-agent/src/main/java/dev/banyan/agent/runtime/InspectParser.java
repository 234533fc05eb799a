package dev.banyan.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads docker-compatible {@code container inspect} JSON (docker, podman, nerdctl) into records.
 */
final class InspectParser {
  private InspectParser() {}

  static List<ContainerInfo> parse(JsonNode array) {
    List<ContainerInfo> out = new ArrayList<>();
    for (JsonNode c : array) {
      out.add(parseOne(c));
    }
    return out;
  }

  static ContainerInfo parseOne(JsonNode c) {
    JsonNode state = c.path("State");
    String name = c.path("Name").asText("");
    if (name.startsWith("/")) {
      name = name.substring(1);
    }
    List<String> addresses = new ArrayList<>();
    addAddress(addresses, c.path("NetworkSettings").path("IPAddress").asText(""));
    c.path("NetworkSettings")
        .path("Networks")
        .forEach(n -> addAddress(addresses, n.path("IPAddress").asText("")));
    ContainerState parsed = ContainerState.parse(state.path("Status").asText(""));
    if (state.path("Restarting").asBoolean(false)) {
      parsed = ContainerState.RESTARTING;
    }
    return new ContainerInfo(
        c.path("Id").asText(c.path("ID").asText("")),
        name,
        c.path("Config").path("Image").asText(c.path("ImageName").asText("")),
        parsed,
        state.path("ExitCode").asInt(0),
        state.path("OOMKilled").asBoolean(false),
        instant(state.path("StartedAt").asText("")),
        instant(state.path("FinishedAt").asText("")),
        Json.stringMap(c.path("Config").path("Labels")),
        addresses,
        state.path("Error").asText(""),
        state.path("Pid").asInt(0));
  }

  private static void addAddress(List<String> addresses, String ip) {
    if (!ip.isEmpty() && !addresses.contains(ip)) {
      addresses.add(ip);
    }
  }

  /** Runtimes write "0001-01-01T00:00:00Z" for "never"; that is empty here. */
  static Optional<Instant> instant(String text) {
    if (text.isEmpty() || text.startsWith("0001-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
