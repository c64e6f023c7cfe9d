package dev.engram.contracts.events;

import dev.engram.contracts.api.ToolDefinition;
import java.time.Instant;
import java.util.Map;

/**
 * A tool call to execute once per {@code idempotencyKey} (step id + tool call id). {@code environment} holds the
 * environment variables a custom tool runs with (the agent's secrets); it may be null and is never logged.
 */
public record ToolCallRequested(
    String eventId,
    String agentId,
    String runId,
    String stepId,
    String toolCallId,
    String idempotencyKey,
    ToolDefinition tool,
    String arguments,
    Instant requestedAt,
    Map<String, String> environment) implements ToolCallEvent {

  /** A request without environment variables (the form before custom tools existed). */
  public ToolCallRequested(String eventId, String agentId, String runId, String stepId, String toolCallId,
      String idempotencyKey, ToolDefinition tool, String arguments, Instant requestedAt) {
    this(eventId, agentId, runId, stepId, toolCallId, idempotencyKey, tool, arguments, requestedAt, null);
  }

  /** Names the environment variables but not their values, which may be secrets. */
  @Override
  public String toString() {
    return "ToolCallRequested[eventId=" + eventId + ", agentId=" + agentId + ", runId=" + runId + ", stepId=" + stepId
        + ", toolCallId=" + toolCallId + ", idempotencyKey=" + idempotencyKey + ", tool="
        + (tool == null ? null : tool.name()) + ", arguments=" + arguments + ", requestedAt=" + requestedAt
        + ", environment=" + (environment == null ? null : environment.keySet()) + "]";
  }
}
