package dev.engram.memory.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.engram.contracts.Json;
import java.util.ArrayList;
import java.util.List;

/** The JSON arguments of one tool call, read the forgiving way a model's output needs. */
public final class ToolArguments {
  private final String tool;
  private final JsonNode root;

  private ToolArguments(String tool, JsonNode root) {
    this.tool = tool;
    this.root = root;
  }

  /** Parses {@code json} (null or blank means no arguments); malformed JSON is an error the agent sees. */
  public static ToolArguments parse(String tool, String json) {
    if (json == null || json.isBlank()) {
      return new ToolArguments(tool, Json.MAPPER.createObjectNode());
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ToolException("Error parsing arguments of " + tool + ": invalid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || node.isNull()) {
      return new ToolArguments(tool, Json.MAPPER.createObjectNode());
    }
    if (!node.isObject()) {
      throw new ToolException("Error parsing arguments of " + tool + ": expected a JSON object of named arguments");
    }
    return new ToolArguments(tool, node);
  }

  /** A required text argument; {@code aliases} are older names of the same parameter. */
  public String requiredString(String name, String... aliases) {
    JsonNode value = find(name, aliases);
    if (value.isNull()) {
      throw new ToolException(tool + "() missing 1 required positional argument: '" + name + "'");
    }
    return text(name, value);
  }

  /** An optional text argument, null when absent. */
  public String optionalString(String name) {
    JsonNode value = find(name);
    return value.isNull() ? null : text(name, value);
  }

  /** An optional integer argument; numeric strings are accepted because models emit them. */
  public Integer optionalInt(String name) {
    JsonNode value = find(name);
    if (value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isTextual()) {
      try {
        return Integer.parseInt(value.textValue().trim());
      } catch (NumberFormatException e) {
        // Falls through to the type error below.
      }
    }
    throw new ToolException("Invalid argument '" + name + "' for " + tool + ": expected an integer, got " + value);
  }

  /** An optional list of strings; a single string counts as a one-element list. */
  public List<String> optionalStringList(String name) {
    JsonNode value = find(name);
    if (value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return List.of(value.textValue());
    }
    if (!value.isArray()) {
      throw new ToolException("Invalid argument '" + name + "' for " + tool + ": expected a list of strings, got "
          + value);
    }
    List<String> out = new ArrayList<>();
    value.forEach(v -> out.add(text(name, v)));
    return out;
  }

  private JsonNode find(String name, String... aliases) {
    JsonNode value = root.get(name);
    for (int i = 0; (value == null || value.isNull()) && i < aliases.length; i++) {
      value = root.get(aliases[i]);
    }
    return value == null ? NullNode.getInstance() : value;
  }

  private String text(String name, JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    throw new ToolException("Invalid argument '" + name + "' for " + tool + ": expected a string, got " + value);
  }
}
