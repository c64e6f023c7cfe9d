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

  /** The model-facing form of a stored message, tool returns uncut. */
  public static LlmMessage toLlm(StoredMessage m) {
    return toLlm(m, Integer.MAX_VALUE);
  }

  /** The model-facing form of a stored message, a tool return's message cut to {@code returnCap} characters. */
  public static LlmMessage toLlm(StoredMessage m, int returnCap) {
    return switch (m.role()) {
      case SYSTEM -> LlmMessage.system(m.content());
      case USER -> LlmMessage.user(m.content());
      case ASSISTANT -> LlmMessage.assistant(m.content(), m.toolCalls());
      case TOOL -> LlmMessage.toolResult(m.toolCallId(), m.toolName(), packageReturn(m, returnCap));
    };
  }

  /**
   * What the model reads for a tool return: the status and the message, as JSON. The message is cut to
   * {@code cap} characters at request time (Letta's guard against one huge return filling the window).
   */
  public static String packageReturn(StoredMessage m, int cap) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ToolExecutionResult.ERROR.equals(m.toolStatus()) ? "Failed" : "OK");
    String message = m.content() == null ? "None" : m.content();
    body.put("message", message.length() > cap ? message.substring(0, cap) + "... [truncated: "
        + (message.length() - cap) + " more characters]" : message);
    return Json.write(body);
  }

  /** Letta's request-time cap of a tool return: max(5000, 20% of the window at ~4 characters per token). */
  public static int returnCap(Integer contextWindow) {
    long window = contextWindow == null ? 0 : contextWindow;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(5000, window * 4 / 5));
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
