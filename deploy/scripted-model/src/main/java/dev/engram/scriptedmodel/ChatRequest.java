package dev.engram.scriptedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The parts of an OpenAI chat completion request the script looks at; every other field
 * (tools, temperature, max_tokens, ...) is accepted and ignored. {@code toolChoice} is the request's
 * {@code tool_choice} mode ("auto", "required", "none" or null when absent) and {@code namedTool} the
 * function a {@code {"type":"function","function":{"name":...}}} choice names, or the single tool offered
 * with "required" (else null).
 *
 * <p>User messages that an agent loop injects (a JSON object whose {@code type} is {@code heartbeat},
 * {@code system_alert} or {@code login}) do not count as the user's message, so a script in the real user
 * message keeps driving the turns that follow heartbeats.
 */
record ChatRequest(
    String model,
    boolean stream,
    boolean includeUsage,
    int messageCount,
    String lastUserText,
    int assistantMessagesAfterLastUser,
    int promptTokens,
    String toolChoice,
    String namedTool) {

  private static final java.util.Set<String> INJECTED_TYPES = java.util.Set.of("heartbeat", "system_alert", "login");
  /** Made once: every request whose user message starts with '{' is checked. */
  private static final ObjectMapper INJECTED_PARSER = new ObjectMapper();

  /** Reads {@code body}, which must be a JSON object with a non-empty {@code messages} array. */
  static ChatRequest parse(JsonNode body, String defaultModel) throws InvalidRequestException {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("The request body must be a JSON object.");
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new InvalidRequestException("'messages' must be a non-empty array.");
    }
    int lastUser = -1;
    long promptChars = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      if (!message.isObject()) {
        throw new InvalidRequestException("messages[" + i + "] must be an object.");
      }
      if ("user".equals(message.path("role").asText()) && !injected(text(message.get("content")))) {
        lastUser = i;
      }
      promptChars += text(message.get("content")).length();
      for (JsonNode call : message.path("tool_calls")) {
        promptChars += call.path("function").path("arguments").asText("").length();
      }
    }
    int assistantsAfter = 0;
    for (int i = lastUser + 1; i < messages.size(); i++) {
      if ("assistant".equals(messages.get(i).path("role").asText())) {
        assistantsAfter++;
      }
    }
    String userText = lastUser < 0 ? "" : text(messages.get(lastUser).get("content"));
    JsonNode choice = body.get("tool_choice");
    String toolChoice = null;
    String namedTool = null;
    if (choice != null && choice.isTextual()) {
      toolChoice = choice.asText();
      JsonNode tools = body.path("tools");
      if ("required".equals(toolChoice) && tools.isArray() && tools.size() == 1) {
        // With one tool offered, "required" leaves exactly one possible call: treat it as naming that tool.
        namedTool = tools.get(0).path("function").path("name").asText(null);
      }
    } else if (choice != null && choice.isObject()) {
      toolChoice = "function";
      namedTool = choice.path("function").path("name").asText(null);
    }
    JsonNode model = body.get("model");
    return new ChatRequest(
        model != null && model.isTextual() && !model.asText().isEmpty() ? model.asText() : defaultModel,
        body.path("stream").asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false),
        messages.size(),
        userText,
        assistantsAfter,
        Tokens.ofChars(promptChars),
        toolChoice,
        namedTool);
  }

  /** Whether the request demands a tool call (tool_choice "required" or a named function). */
  boolean toolCallRequired() {
    return "required".equals(toolChoice) || namedTool != null;
  }

  /** Whether a user message's text is one an agent loop injected rather than the user's own words. */
  static boolean injected(String text) {
    String t = text.strip();
    if (!t.startsWith("{") || !t.endsWith("}")) {
      return false;
    }
    try {
      JsonNode node = INJECTED_PARSER.readTree(t);
      return node.isObject() && INJECTED_TYPES.contains(node.path("type").asText());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Text of a message content that is either a string or an array of content parts. */
  static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.isTextual()) {
          appendLine(text, part.asText());
        } else if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          appendLine(text, part.path("text").asText());
        }
      }
      return text.toString();
    }
    return "";
  }

  private static void appendLine(StringBuilder text, String part) {
    if (!text.isEmpty()) {
      text.append('\n');
    }
    text.append(part);
  }
}
