package dev.engram.agentapi.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.run.SendCommand;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.InputMessage;
import dev.engram.platform.rest.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validates a send request as Letta does (its 422s) and turns it into the messages the run receives. */
public final class SendRequests {
  /** Letta's {@code DEFAULT_MAX_STEPS}. */
  public static final int DEFAULT_MAX_STEPS = 50;

  private static final List<String> ROLES = List.of("user", "system", "assistant");

  /** Checks the mode flags of a synchronous send (streamed sends go to StreamService before this). */
  public static void checkMode(SendMessageRequest req) {
    if (Boolean.TRUE.equals(req.streaming())) {
      throw ApiException.unprocessable("streaming: this endpoint answers synchronously; stream with "
          + "POST /v1/agents/{agent_id}/messages/stream");
    }
    if (Boolean.TRUE.equals(req.streamTokens())) {
      throw ApiException.unprocessable("stream_tokens can only be true when streaming is true");
    }
    if (Boolean.FALSE.equals(req.includePings())) {
      throw ApiException.unprocessable("include_pings can only be false when streaming is true");
    }
    if (Boolean.TRUE.equals(req.background())) {
      throw ApiException.unprocessable("background can only be true when streaming is true");
    }
    if (req.maxSteps() != null && req.maxSteps() < 1) {
      throw ApiException.unprocessable("max_steps: Input should be greater than or equal to 1");
    }
  }

  /**
   * The run a send request asks for, with a new run id: its inputs, step limit, request config and client tools;
   * {@code background} and {@code stream_tokens} count only for a streamed send.
   */
  public static SendCommand command(String agentId, List<InputMessage> inputs, SendMessageRequest req,
      boolean streamed) {
    return command(agentId, null, inputs, req, streamed);
  }

  /** As {@link #command(String, List, SendMessageRequest, boolean)} for a {@code conv-…} conversation (null: default). */
  public static SendCommand command(String agentId, String conversationId, List<InputMessage> inputs,
      SendMessageRequest req, boolean streamed) {
    return new SendCommand(agentId, Ids.newId(Ids.RUN), inputs, maxSteps(req), requestConfig(req),
        ApprovalRequests.clientTools(req.clientTools()), streamed && Boolean.TRUE.equals(req.background()),
        streamed && Boolean.TRUE.equals(req.streamTokens()), conversationId);
  }

  /** The step budget of the run. */
  public static int maxSteps(SendMessageRequest req) {
    return req.maxSteps() == null ? DEFAULT_MAX_STEPS : req.maxSteps();
  }

  /** The input as messages: exactly one of {@code messages} and {@code input}, neither empty. */
  public static List<InputMessage> inputs(SendMessageRequest req) {
    boolean hasMessages = req.messages() != null;
    boolean hasInput = req.input() != null && !req.input().isNull();
    if (hasMessages && hasInput) {
      throw ApiException.unprocessable("Cannot specify both 'messages' and 'input'; use one or the other");
    }
    if (!hasMessages && !hasInput) {
      throw ApiException.unprocessable("Either 'messages' or 'input' must be provided");
    }
    if (hasInput) {
      String text = content(req.input(), "input");
      return List.of(new InputMessage("user", text, null, null));
    }
    if (req.messages().isEmpty()) {
      throw ApiException.unprocessable("messages: List should have at least 1 item");
    }
    List<InputMessage> out = new ArrayList<>();
    for (int i = 0; i < req.messages().size(); i++) {
      out.add(message(req.messages().get(i), "messages." + i));
    }
    return out;
  }

  /** Letta's {@code request_config} of the run, from the request's (deprecated) assistant-message settings. */
  public static Map<String, Object> requestConfig(SendMessageRequest req) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("use_assistant_message", req.useAssistantMessage() == null || req.useAssistantMessage());
    config.put("assistant_message_tool_name",
        req.assistantMessageToolName() == null ? "send_message" : req.assistantMessageToolName());
    config.put("assistant_message_tool_kwarg",
        req.assistantMessageToolKwarg() == null ? "message" : req.assistantMessageToolKwarg());
    if (req.includeReturnMessageTypes() != null) {
      config.put("include_return_message_types", req.includeReturnMessageTypes());
    }
    return config;
  }

  private static InputMessage message(SendMessageRequest.MessageCreate m, String at) {
    if (m == null) {
      throw ApiException.unprocessable(at + ": Input should be an object");
    }
    boolean looksLikeApproval = m.approvalRequestId() != null || m.approve() != null || m.approvals() != null;
    String type = m.type() != null ? m.type() : looksLikeApproval ? "approval" : m.toolReturns() != null
        ? "tool_return" : "message";
    switch (type) {
      case "message" -> {
      }
      case "approval", "tool_return" -> {
        if (!at.equals("messages.0")) {
          throw ApiException.unprocessable(at + ": an approval must be the first item of messages");
        }
        return ApprovalRequests.parse(m, type, at);
      }
      default -> throw ApiException.unprocessable(at + ".type: Input should be 'message', 'approval' or "
          + "'tool_return'");
    }
    if (m.role() == null) {
      throw ApiException.unprocessable(at + ".role: Field required");
    }
    if (!ROLES.contains(m.role())) {
      throw ApiException.unprocessable(at + ".role: Input should be 'user', 'system' or 'assistant'");
    }
    if (m.content() == null || m.content().isNull()) {
      throw ApiException.unprocessable(at + ".content: Field required");
    }
    return new InputMessage(m.role(), content(m.content(), at + ".content"), m.otid(), m.name());
  }

  /** A string, or text parts joined by newlines; other part types are refused. */
  private static String content(JsonNode content, String at) {
    if (content.isTextual()) {
      if (content.asText().isEmpty()) {
        throw ApiException.unprocessable(at + ": String should have at least 1 character");
      }
      return content.asText();
    }
    if (!content.isArray()) {
      throw ApiException.unprocessable(at + ": Input should be a string or a list of content parts");
    }
    if (content.isEmpty()) {
      throw ApiException.unprocessable(at + ": List should have at least 1 item");
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String type = part.path("type").asText("text");
      if (!"text".equals(type)) {
        throw ApiException.unprocessable(at + "." + i + ": content parts of type '" + type
            + "' are not supported yet; send text parts");
      }
      JsonNode text = part.path("text");
      if (!text.isTextual()) {
        throw ApiException.unprocessable(at + "." + i + ".text: Field required");
      }
      texts.add(text.asText());
    }
    return String.join("\n", texts);
  }

  private SendRequests() {
  }
}
