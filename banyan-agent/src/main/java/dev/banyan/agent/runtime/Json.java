package dev.banyan.agent.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the runtime CLI's JSON into Jackson trees, and small helpers for them.
 *
 * <p>Trees are built from Jackson's streaming parser with its node factory rather than by an {@code
 * ObjectMapper}: the mapper's data-binding machinery is about 300 classes more in the agent (600
 * with the JDK classes it pulls in), which an agent keeps in memory for its lifetime, for a reader
 * that never binds to classes (docs/benchmarks.md, footprint).
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** The first JSON value of {@code text}; a missing node when there is none. */
  public static JsonNode read(String text) throws JsonProcessingException {
    try (JsonParser p = FACTORY.createParser(text)) {
      return p.nextToken() == null ? MissingNode.getInstance() : value(p);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      // Reading a String does no I/O.
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.set(name, value(p));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new JsonParseException(p, "unexpected " + p.currentToken());
    }
  }

  /** Parses {@code text}; a blank or broken text gives a missing node. */
  static JsonNode parseOrMissing(String text) {
    if (text == null || text.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return read(text);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  /** Parses CLI output that is either one JSON array or one JSON object per line. */
  static JsonNode parseArrayOrLines(String text) throws JsonProcessingException {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.equals("null")) {
      return NODES.arrayNode();
    }
    if (trimmed.startsWith("[")) {
      return read(trimmed);
    }
    ArrayNode array = NODES.arrayNode();
    for (String line : trimmed.split("\n", -1)) {
      if (!line.isBlank()) {
        array.add(read(line));
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
