package dev.engram.contracts.api;

/**
 * A request to execute one tool call; {@code idempotencyKey} (step id + tool call id) makes a
 * replay return the recorded result instead of applying the tool again. {@code timezone} is the
 * agent's IANA timezone (optional, UTC when absent): conversation_search reads naive dates in it.
 * {@code embedding} is the agent's embedding model handle (optional): a default archive the call creates uses it.
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
    String embedding) {

  /** A request without an embedding handle (a default archive gets the server's default model). */
  public ToolExecutionRequest(String agentId, String runId, String stepId, String toolCallId, String idempotencyKey,
      String toolName, String arguments, String timezone) {
    this(agentId, runId, stepId, toolCallId, idempotencyKey, toolName, arguments, timezone, null);
  }

  /** A request without a timezone (the agent's dates are UTC). */
  public ToolExecutionRequest(String agentId, String runId, String stepId, String toolCallId, String idempotencyKey,
      String toolName, String arguments) {
    this(agentId, runId, stepId, toolCallId, idempotencyKey, toolName, arguments, null, null);
  }
}
