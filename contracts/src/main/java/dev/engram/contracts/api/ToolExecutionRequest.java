package dev.engram.contracts.api;

/**
 * A request to execute one tool call; {@code idempotencyKey} (step id + tool call id) makes a
 * replay return the recorded result instead of applying the tool again.
 */
public record ToolExecutionRequest(
    String agentId,
    String runId,
    String stepId,
    String toolCallId,
    String idempotencyKey,
    String toolName,
    String arguments) {
}
