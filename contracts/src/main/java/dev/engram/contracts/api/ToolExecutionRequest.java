package dev.engram.contracts.api;

/**
 * A request to execute one tool call; {@code idempotencyKey} (step id + tool call id) makes a
 * replay return the recorded result instead of applying the tool again. {@code timezone} is the
 * agent's IANA timezone (optional, UTC when absent): conversation_search reads naive dates in it.
 * {@code embedding} is the agent's embedding model handle (optional): a default archive the call creates uses it.
 * {@code conversationId} is the run's conversation (optional; null or {@code default}: the agent's default one): a
 * memory tool edits that conversation's private copy of a block when it has one, else the agent's block.
 */
public record ToolExecutionRequest(
    String agentId,
    String runId,
    String stepId,
    String toolCallId,
    String idempotencyKey,
    String toolName,
    String arguments,
    String timezone,
    String embedding,
    String conversationId) {

  /** A request of the agent's default conversation. */
  public ToolExecutionRequest(String agentId, String runId, String stepId, String toolCallId, String idempotencyKey,
      String toolName, String arguments, String timezone, String embedding) {
    this(agentId, runId, stepId, toolCallId, idempotencyKey, toolName, arguments, timezone, embedding, null);
  }

  /** A request without an embedding handle (a default archive gets the server's default model). */
  public ToolExecutionRequest(String agentId, String runId, String stepId, String toolCallId, String idempotencyKey,
      String toolName, String arguments, String timezone) {
    this(agentId, runId, stepId, toolCallId, idempotencyKey, toolName, arguments, timezone, null, null);
  }

  /** A request without a timezone (the agent's dates are UTC). */
  public ToolExecutionRequest(String agentId, String runId, String stepId, String toolCallId, String idempotencyKey,
      String toolName, String arguments) {
    this(agentId, runId, stepId, toolCallId, idempotencyKey, toolName, arguments, null, null, null);
  }
}
