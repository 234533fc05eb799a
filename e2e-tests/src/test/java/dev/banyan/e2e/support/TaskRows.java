package dev.banyan.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The tasks {@code banyan-cli ps NAME -o json} prints, reduced to what the tests look at. */
public record TaskRows(List<Row> rows) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One task as the CLI reports it. */
  public record Row(
      String id,
      String service,
      int replica,
      String node,
      String desiredState,
      String state,
      String containerId,
      int restarts,
      String error,
      String health,
      Integer exitCode,
      List<String> lastLogLines) {
    public boolean running() {
      return "TASK_STATE_RUNNING".equals(state) && "TASK_STATE_RUNNING".equals(desiredState);
    }
  }

  public static TaskRows parse(String json) {
    try {
      List<Row> rows = new ArrayList<>();
      for (JsonNode t : JSON.readTree(json)) {
        JsonNode status = t.path("status");
        String state = status.path("state").asText("TASK_STATE_UNSPECIFIED");
        if (state.equals("TASK_STATE_UNSPECIFIED")) {
          state = t.path("scheduler_state").asText();
        }
        rows.add(
            new Row(
                t.path("id").asText(),
                t.path("service").asText(),
                t.path("replica").asInt(),
                t.path("node").asText(),
                t.path("desired_state").asText(),
                state,
                status.path("container_id").asText(),
                status.path("restart_count").asInt(),
                status.path("error").asText(),
                status.path("health").asText(),
                status.path("has_exit_code").asBoolean() ? status.path("exit_code").asInt() : null,
                lines(status.path("last_log_lines"))));
      }
      return new TaskRows(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(JsonNode array) {
    List<String> lines = new ArrayList<>();
    array.forEach(l -> lines.add(l.asText()));
    return lines;
  }

  public List<Row> wanted() {
    return rows.stream().filter(r -> "TASK_STATE_RUNNING".equals(r.desiredState())).toList();
  }

  public List<Row> ofService(String service) {
    return wanted().stream().filter(r -> r.service().equals(service)).toList();
  }

  public boolean allRunning(int expected) {
    List<Row> wanted = wanted();
    return wanted.size() == expected && wanted.stream().allMatch(Row::running);
  }
}
