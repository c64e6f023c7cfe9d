package dev.engram.steprunner.context;

import dev.engram.contracts.Json;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmTool;
import dev.engram.steprunner.persistence.StoredMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/** How stored messages and tool definitions are put before the model (shared by the loop and token counts). */
public final class PromptMessages {

  /** The model-facing form of a stored message. */
  public static LlmMessage toLlm(StoredMessage m) {
    return switch (m.role()) {
      case SYSTEM -> LlmMessage.system(m.content());
      case USER -> LlmMessage.user(m.content());
      case ASSISTANT -> LlmMessage.assistant(m.content(), m.toolCalls());
      case TOOL -> LlmMessage.toolResult(m.toolCallId(), m.toolName(), packageReturn(m));
    };
  }

  /** What the model reads for a tool return: the status and the message, as JSON. */
  public static String packageReturn(StoredMessage m) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ToolExecutionResult.ERROR.equals(m.toolStatus()) ? "Failed" : "OK");
    body.put("message", m.content() == null ? "None" : m.content());
    return Json.write(body);
  }

  /** The tool as offered to the model. */
  public static LlmTool toLlmTool(ToolDefinition t) {
    Map<String, Object> schema = t.jsonSchema() == null ? Map.of() : t.jsonSchema();
    @SuppressWarnings("unchecked")
    Map<String, Object> params = schema.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    String description = t.description() != null ? t.description() : (String) schema.get("description");
    return new LlmTool(t.name(), description, params);
  }

  private PromptMessages() {
  }
}
