package dev.banyan.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's one Jackson mapper and small helpers for reading runtime JSON. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses {@code text}; a blank or broken text gives a missing node. */
  static JsonNode parseOrMissing(String text) {
    if (text == null || text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  /** Parses CLI output that is either one JSON array or one JSON object per line. */
  static JsonNode parseArrayOrLines(String text) throws JsonProcessingException {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.equals("null")) {
      return MAPPER.createArrayNode();
    }
    if (trimmed.startsWith("[")) {
      return MAPPER.readTree(trimmed);
    }
    var array = MAPPER.createArrayNode();
    for (String line : trimmed.split("\n", -1)) {
      if (!line.isBlank()) {
        array.add(MAPPER.readTree(line));
      }
    }
    return array;
  }

  /** The string fields of an object node; empty for anything else. */
  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    }
    return out;
  }
}
