package dev.engram.agentapi.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/agents/{id}/messages} (Letta's {@code LettaStreamingRequest}).
 * {@code input} is a string or a list of content parts, so it stays JSON until validated.
 */
public record SendMessageRequest(
    List<MessageCreate> messages,
    JsonNode input,
    Integer maxSteps,
    Boolean streaming,
    Boolean streamTokens,
    Boolean includePings,
    Boolean background,
    Boolean useAssistantMessage,
    String assistantMessageToolName,
    String assistantMessageToolKwarg,
    List<String> includeReturnMessageTypes) {

  /** One item of {@code messages}: Letta's {@code MessageCreate} (approval items are recognised to be refused). */
  public record MessageCreate(
      String type,
      String role,
      JsonNode content,
      String name,
      String otid,
      String senderId,
      String approvalRequestId,
      Boolean approve,
      JsonNode approvals,
      JsonNode toolReturns) {
  }
}
