package dev.banyan.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The agent's tree reader gives the trees Jackson's ObjectMapper gives, for runtime output. */
class JsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void readsWhatTheMapperReads() throws Exception {
    String inspect =
        "[{\"Id\":\"0a1b\",\"Created\":\"2026-12-04T22:00:00.1Z\",\"State\":{\"Running\":true,"
            + "\"Paused\":false,\"Pid\":4242,\"ExitCode\":0,\"Health\":null,\"OOMKilled\":false},"
            + "\"Config\":{\"Labels\":{\"banyan.task\":\"t1\",\"empty\":\"\"},\"Env\":[\"A=1\","
            + "\"B=é ✓\"]},\"NetworkSettings\":{\"Networks\":{\"n\":{\"IPAddress\":\"10.0.0.2\"}}},"
            + "\"Big\":123456789012345678901234567890,\"Ratio\":0.25,\"Neg\":-7,\"Exp\":1e3,"
            + "\"Nested\":[[],{},[1,[2,[3]]]]}]";
    assertThat(Json.read(inspect)).isEqualTo(MAPPER.readTree(inspect));
    String object = "{\"ID\":\"d1\",\"Names\":\"web\"}";
    assertThat(Json.read(object)).isEqualTo(MAPPER.readTree(object));
  }

  @Test
  void emptyTextIsMissingAndBrokenTextIsAnError() {
    assertThat(Json.parseOrMissing("").isMissingNode()).isTrue();
    assertThat(Json.parseOrMissing("{\"a\":").isMissingNode()).isTrue();
    assertThatThrownBy(() -> Json.read("[1, 2")).isInstanceOf(JsonProcessingException.class);
  }
}
