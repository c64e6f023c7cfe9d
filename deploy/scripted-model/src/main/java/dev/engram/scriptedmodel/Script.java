package dev.engram.scriptedmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the answer to a request from the directives in its last user message; stateless, so the
 * same request always gets the same answer.
 */
final class Script {
  static final String FINISHED = "(script finished)";
  static final int ECHO_LIMIT = 200;

  private static final Pattern SCRIPT = Pattern.compile("<<script>>(.*?)<</script>>", Pattern.DOTALL);
  private static final Pattern LATENCY = Pattern.compile("<<latency:\\s*(\\d+)\\s*>>");
  private static final Pattern CONTEXT_LIMIT = Pattern.compile("<<context-limit:\\s*(\\d+)\\s*>>");

  private final ObjectMapper json;

  Script(ObjectMapper json) {
    this.json = json;
  }

  /** The reply to {@code request}: turn k of its script, or an echo when there is none. */
  Reply reply(ChatRequest request) throws InvalidRequestException {
    String userText = request.lastUserText();
    long requestLatency = Reply.INHERIT_LATENCY;
    Matcher latency = LATENCY.matcher(userText);
    if (latency.find()) {
      requestLatency = parseMillis(latency.group(1));
    }
    Matcher limit = CONTEXT_LIMIT.matcher(userText);
    if (limit.find() && request.promptTokens() > parseMillis(limit.group(1))) {
      // A model with a small context window: OpenAI's overflow error, as a real provider words it.
      return new Reply.Failure(400, "invalid_request_error", "context_length_exceeded", "This model's maximum "
          + "context length is " + limit.group(1) + " tokens. However, your messages resulted in "
          + request.promptTokens() + " tokens. Please reduce the length of the messages.", requestLatency);
    }
    Matcher script = SCRIPT.matcher(userText);
    if (!script.find()) {
      return new Reply.Answer(echo(userText), List.of(), requestLatency);
    }
    JsonNode turns;
    try {
      turns = json.readTree(script.group(1));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("The <<script>> directive is not valid JSON: " + e.getOriginalMessage());
    }
    if (turns == null || !turns.isArray()) {
      throw new InvalidRequestException("The <<script>> directive must hold a JSON array of turns.");
    }
    int k = request.assistantMessagesAfterLastUser();
    if (k >= turns.size()) {
      return new Reply.Answer(FINISHED, List.of(), requestLatency);
    }
    Reply reply = turn(turns.get(k), k, request, requestLatency);
    honourToolChoice(reply, k, request);
    return reply;
  }

  /**
   * Rejects a scripted turn that contradicts the request's tool_choice, the way a provider would never
   * answer: "required" or a named function with a text-only turn, or a named function with a call to
   * another tool. The 400 tells a test that the caller forced (or did not force) the choice it expected.
   */
  private static void honourToolChoice(Reply reply, int k, ChatRequest request) throws InvalidRequestException {
    if (!(reply instanceof Reply.Answer answer) || !request.toolCallRequired()) {
      return;
    }
    if (answer.toolCalls().isEmpty()) {
      throw new InvalidRequestException("Script turn " + k + " has no tool call but tool_choice is "
          + (request.namedTool() != null ? "the function " + request.namedTool() : "'required'") + ".");
    }
    if (request.namedTool() != null) {
      for (Reply.ToolCall call : answer.toolCalls()) {
        if (!call.name().equals(request.namedTool())) {
          throw new InvalidRequestException("Script turn " + k + " calls " + call.name()
              + " but tool_choice names the function " + request.namedTool() + ".");
        }
      }
    }
  }

  private Reply turn(JsonNode turn, int k, ChatRequest request, long requestLatency)
      throws InvalidRequestException {
    if (turn.isTextual()) {
      return new Reply.Answer(turn.asText(), List.of(), requestLatency);
    }
    if (!turn.isObject()) {
      throw new InvalidRequestException("Script turn " + k + " must be an object or a string.");
    }
    long latency = requestLatency;
    JsonNode turnLatency = turn.get("latency_ms");
    if (turnLatency != null) {
      if (!turnLatency.canConvertToLong() || turnLatency.asLong() < 0) {
        throw new InvalidRequestException("Script turn " + k + ": latency_ms must be a non-negative integer.");
      }
      latency = turnLatency.asLong();
    }
    if (turn.has("error")) {
      return failure(turn, k, latency);
    }
    List<JsonNode> toolNodes = new ArrayList<>();
    if (turn.has("tool")) {
      toolNodes.add(turn);
    }
    if (turn.has("tools")) {
      if (!turn.get("tools").isArray()) {
        throw new InvalidRequestException("Script turn " + k + ": 'tools' must be an array.");
      }
      turn.get("tools").forEach(toolNodes::add);
    }
    JsonNode text = turn.get("text");
    if (toolNodes.isEmpty() && (text == null || !text.isTextual())) {
      throw new InvalidRequestException(
          "Script turn " + k + " needs one of 'text', 'tool', 'tools' or 'error'.");
    }
    List<Reply.ToolCall> calls = new ArrayList<>(toolNodes.size());
    for (int i = 0; i < toolNodes.size(); i++) {
      calls.add(toolCall(toolNodes.get(i), k, i, request));
    }
    return new Reply.Answer(text != null && text.isTextual() ? text.asText() : null, calls, latency);
  }

  private Reply.ToolCall toolCall(JsonNode node, int k, int index, ChatRequest request)
      throws InvalidRequestException {
    JsonNode name = node.get("tool");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw new InvalidRequestException("Script turn " + k + ": tool " + index + " needs a 'tool' name.");
    }
    JsonNode args = node.get("args");
    String arguments;
    if (args == null || args.isNull()) {
      arguments = "{}";
    } else if (args.isTextual()) {
      // A string is sent verbatim, which lets a script feed malformed arguments to the caller.
      arguments = args.asText();
    } else {
      arguments = args.toString();
    }
    return new Reply.ToolCall(toolCallId(request, k, index), name.asText(), arguments);
  }

  private static Reply failure(JsonNode turn, int k, long latency) throws InvalidRequestException {
    JsonNode error = turn.get("error");
    if (!error.canConvertToInt() || error.asInt() < 400 || error.asInt() > 599) {
      throw new InvalidRequestException("Script turn " + k + ": 'error' must be an HTTP status from 400 to 599.");
    }
    int status = error.asInt();
    String type = turn.hasNonNull("type") ? turn.get("type").asText() : defaultErrorType(status);
    String code = turn.hasNonNull("code") ? turn.get("code").asText() : null;
    String message = turn.hasNonNull("message") ? turn.get("message").asText() : "Scripted error " + status;
    return new Reply.Failure(status, type, code, message, latency);
  }

  private static String defaultErrorType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static long parseMillis(String digits) throws InvalidRequestException {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("<<latency:" + digits + ">> is out of range.");
    }
  }

  /** The echo answer; directives are dropped so that only what the user wrote comes back. */
  static String echo(String userText) {
    String text = CONTEXT_LIMIT.matcher(LATENCY.matcher(userText).replaceAll("")).replaceAll("").strip();
    if (text.length() > ECHO_LIMIT) {
      int end = Character.isHighSurrogate(text.charAt(ECHO_LIMIT - 1)) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
      text = text.substring(0, end);
    }
    return "Echo: " + text;
  }

  /**
   * Tool call id from the request position (message count, turn, tool index) and the last user
   * text: identical requests get identical ids, and different conversations rarely share one.
   */
  static String toolCallId(ChatRequest request, int turn, int toolIndex) {
    long h = mix(positionHash(request) ^ turn);
    return "call_" + HexFormat.of().toHexDigits(mix(h ^ toolIndex));
  }

  /** Completion id, deterministic for the same reasons as {@link #toolCallId}. */
  static String completionId(ChatRequest request) {
    return "chatcmpl-" + HexFormat.of().toHexDigits(positionHash(request));
  }

  private static long positionHash(ChatRequest request) {
    return mix(fnv1a(request.lastUserText()) ^ request.messageCount());
  }

  private static long fnv1a(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
