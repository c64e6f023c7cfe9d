package dev.engram.agentapi.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/agents/{id}/messages} (Letta's {@code LettaStreamingRequest}).
 * {@code input} is a string or a list of content parts, so it stays JSON until validated, as do the
 * {@code client_tools} (see {@link ApprovalRequests}). {@code agent_id} counts only on
 * {@code POST /v1/conversations/default/messages}, where it names the agent of the default conversation.
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
    List<String> includeReturnMessageTypes,
    JsonNode clientTools,
    String agentId) {

  /** One item of {@code messages}: Letta's {@code MessageCreate}, {@code ApprovalCreate} or {@code ToolReturnCreate}. */
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
      JsonNode toolReturns,
      String reason) {
  }
}
