package dev.engram.scriptedmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders answers and errors in the OpenAI chat completions wire format. */
final class Completions {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final ObjectMapper json;

  Completions(ObjectMapper json) {
    this.json = json;
  }

  /** Completion tokens of {@code answer}: the number of pieces {@link #stream} sends. */
  static int completionTokens(Reply.Answer answer) {
    int tokens = answer.content() == null ? 0 : Tokens.pieces(answer.content()).size();
    for (Reply.ToolCall call : answer.toolCalls()) {
      tokens += Tokens.pieces(call.arguments()).size();
    }
    return tokens;
  }

  /** A non-streaming {@code chat.completion} body. */
  byte[] completion(ChatRequest request, Reply.Answer answer, long created) throws IOException {
    ObjectNode body = header(request, "chat.completion", created);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", answer.content());
    if (!answer.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (Reply.ToolCall call : answer.toolCalls()) {
        ObjectNode node = calls.addObject();
        node.put("id", call.id());
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments());
      }
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", answer.finishReason());
    putUsage(body, request, answer);
    return json.writeValueAsBytes(body);
  }

  /**
   * Writes {@code answer} as server-sent {@code chat.completion.chunk} events: a role chunk, one
   * chunk per content token, per tool call a header chunk then one chunk per argument token, the
   * finish chunk, the usage chunk when asked for, and {@code [DONE]}.
   */
  void stream(OutputStream out, ChatRequest request, Reply.Answer answer, long created, Pacer pacer)
      throws IOException {
    ObjectNode first = chunk(request, created);
    ObjectNode roleDelta = delta(first);
    roleDelta.put("role", "assistant");
    roleDelta.put("content", "");
    event(out, first);
    if (answer.content() != null) {
      for (String piece : Tokens.pieces(answer.content())) {
        pacer.awaitToken(out);
        ObjectNode chunk = chunk(request, created);
        delta(chunk).put("content", piece);
        event(out, chunk);
      }
    }
    List<Reply.ToolCall> calls = answer.toolCalls();
    for (int i = 0; i < calls.size(); i++) {
      Reply.ToolCall call = calls.get(i);
      ObjectNode head = chunk(request, created);
      ObjectNode headCall = delta(head).putArray("tool_calls").addObject();
      headCall.put("index", i);
      headCall.put("id", call.id());
      headCall.put("type", "function");
      ObjectNode headFunction = headCall.putObject("function");
      headFunction.put("name", call.name());
      headFunction.put("arguments", "");
      event(out, head);
      for (String piece : Tokens.pieces(call.arguments())) {
        pacer.awaitToken(out);
        ObjectNode chunk = chunk(request, created);
        ObjectNode fragment = delta(chunk).putArray("tool_calls").addObject();
        fragment.put("index", i);
        fragment.putObject("function").put("arguments", piece);
        event(out, chunk);
      }
    }
    ObjectNode last = chunk(request, created);
    ((ObjectNode) last.get("choices").get(0)).put("finish_reason", answer.finishReason());
    event(out, last);
    if (request.includeUsage()) {
      ObjectNode usage = header(request, "chat.completion.chunk", created);
      usage.putArray("choices");
      putUsage(usage, request, answer);
      event(out, usage);
    }
    out.write(DONE);
  }

  /** An OpenAI error body. */
  byte[] error(String type, String code, String message) throws IOException {
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    error.put("code", code);
    return json.writeValueAsBytes(body);
  }

  /** The {@code GET /v1/models} list. */
  byte[] models(List<String> models, long created) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (String model : models) {
      ObjectNode node = data.addObject();
      node.put("id", model);
      node.put("object", "model");
      node.put("created", created);
      node.put("owned_by", "engram");
    }
    return json.writeValueAsBytes(body);
  }

  private ObjectNode header(ChatRequest request, String object, long created) {
    ObjectNode body = json.createObjectNode();
    body.put("id", Script.completionId(request));
    body.put("object", object);
    body.put("created", created);
    body.put("model", request.model());
    body.put("system_fingerprint", "scripted");
    return body;
  }

  private ObjectNode chunk(ChatRequest request, long created) {
    ObjectNode chunk = header(request, "chat.completion.chunk", created);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    return chunk;
  }

  private static ObjectNode delta(ObjectNode chunk) {
    return (ObjectNode) chunk.get("choices").get(0).get("delta");
  }

  private static void putUsage(ObjectNode body, ChatRequest request, Reply.Answer answer) {
    int completion = completionTokens(answer);
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", request.promptTokens());
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", request.promptTokens() + completion);
  }

  private void event(OutputStream out, ObjectNode chunk) throws IOException {
    out.write(DATA);
    out.write(json.writeValueAsBytes(chunk));
    out.write(EVENT_END);
  }
}
