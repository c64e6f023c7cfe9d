package dev.engram.scriptedmodel;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an OpenAI chat completion request the script looks at; every other field
 * (tools, tool_choice, temperature, max_tokens, ...) is accepted and ignored.
 */
record ChatRequest(
    String model,
    boolean stream,
    boolean includeUsage,
    int messageCount,
    String lastUserText,
    int assistantMessagesAfterLastUser,
    int promptTokens) {

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
      if ("user".equals(message.path("role").asText())) {
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
    JsonNode model = body.get("model");
    return new ChatRequest(
        model != null && model.isTextual() && !model.asText().isEmpty() ? model.asText() : defaultModel,
        body.path("stream").asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false),
        messages.size(),
        userText,
        assistantsAfter,
        Tokens.ofChars(promptChars));
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
