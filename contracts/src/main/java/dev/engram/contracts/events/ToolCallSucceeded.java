package dev.engram.contracts.events;

import java.time.Instant;

/** The tool ran and returned {@code toolReturn}. */
public record ToolCallSucceeded(
    String eventId,
    String agentId,
    String runId,
    String stepId,
    String toolCallId,
    String idempotencyKey,
    String toolName,
    String toolReturn,
    String stdout,
    String stderr,
    Instant completedAt) implements ToolResultEvent {
}
