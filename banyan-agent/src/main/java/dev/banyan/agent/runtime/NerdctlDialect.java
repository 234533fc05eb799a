package dev.banyan.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** nerdctl on containerd: docker's argv, but its event stream is containerd's and has no labels. */
public final class NerdctlDialect extends DockerCompatibleDialect {
  public NerdctlDialect() {
    this("nerdctl");
  }

  public NerdctlDialect(String executable) {
    super(executable);
  }

  @Override
  public String name() {
    return "nerdctl";
  }

  @Override
  public List<String> events(Map<String, String> labels) {
    // nerdctl cannot filter events by label; the runtime resyncs on any event instead.
    return cmd("events", "--format", jsonFormat());
  }

  @Override
  public Optional<ContainerEvent> parseEvent(JsonNode e) {
    // containerd: {"Topic":"/tasks/exit","Event":"{\"container_id\":\"...\"...}"}
    String topic = e.path("Topic").asText("");
    if (!topic.startsWith("/tasks/") && !topic.startsWith("/containers/")) {
      return Optional.empty();
    }
    String id = e.path("ID").asText("");
    JsonNode inner = Json.parseOrMissing(e.path("Event").asText(""));
    if (id.isEmpty()) {
      id = inner.path("container_id").asText(inner.path("id").asText(""));
    }
    String action = topic.substring(topic.lastIndexOf('/') + 1);
    return Optional.of(new ContainerEvent(id, action, Map.of()));
  }
}
