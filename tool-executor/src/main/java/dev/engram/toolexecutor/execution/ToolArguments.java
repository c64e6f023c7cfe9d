package dev.engram.toolexecutor.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.contracts.Json;
import java.util.Locale;

/** Parses the JSON arguments a model wrote for a tool call. */
public final class ToolArguments {

  /** Arguments that are not a JSON object; the message is written for the agent to read. */
  public static class InvalidArgumentsException extends Exception {
    InvalidArgumentsException(String message) {
      super(message);
    }
  }

  /** The arguments as a JSON object; no arguments at all count as an empty object. */
  public static ObjectNode parse(String toolName, String raw) throws InvalidArgumentsException {
    if (raw == null || raw.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentsException("Error parsing the arguments of tool '" + toolName + "' as JSON: "
          + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw new InvalidArgumentsException("The arguments of tool '" + toolName
          + "' must be a JSON object, got: " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return object;
  }

  private ToolArguments() {
  }
}
