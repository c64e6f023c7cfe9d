package dev.engram.contracts.events;

import dev.engram.contracts.api.ToolDefinition;
import java.time.Instant;

/** A tool call to execute once per {@code idempotencyKey} (step id + tool call id). */
public record ToolCallRequested(
    String eventId,
    String agentId,
    String runId,
    String stepId,
    String toolCallId,
    String idempotencyKey,
    ToolDefinition tool,
    String arguments,
    Instant requestedAt) implements ToolCallEvent {
}
