package dev.engram.steprunner.context;

import dev.engram.contracts.Json;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.llm.LlmMessage;
import dev.engram.platform.llm.LlmTool;
import dev.engram.steprunner.persistence.StoredMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/** How stored messages and tool definitions are put before the model (shared by the loop and token counts). */
public final class PromptMessages {

  /**
   * The model-facing form of a stored message as a request of a model with this config carries it (tool returns
   * cut to {@link #returnCap}): the step sends it and the window's token count counts it, so both agree.
   */
  public static LlmMessage toLlm(StoredMessage m, LlmConfig config) {
    return toLlm(m, returnCap(TokenCounter.contextWindow(config)));
  }

  /** The model-facing form of a stored message, a tool return's message cut to {@code returnCap} characters. */
  public static LlmMessage toLlm(StoredMessage m, int returnCap) {
    return switch (m.role()) {
      case SYSTEM -> LlmMessage.system(m.content());
      case USER -> LlmMessage.user(m.content());
      // An approval request in the window was answered: the model reads it as the assistant turn it was.
      case ASSISTANT, APPROVAL -> LlmMessage.assistant(m.content(), m.toolCalls());
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
    body.put("message", cut(m.content() == null ? "None" : m.content(), cap));
    return Json.write(body);
  }

  /** {@code text} cut to {@code max} characters with a note of how many were cut (unchanged if it fits). */
  public static String cut(String text, int max) {
    return text == null || text.length() <= max ? text
        : text.substring(0, max) + "... [truncated: " + (text.length() - max) + " more characters]";
  }

  /** Letta's request-time cap of a tool return: max(5000, 20% of the window at ~4 characters per token). */
  public static int returnCap(int contextWindow) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(5000, (long) contextWindow * 4 / 5));
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
