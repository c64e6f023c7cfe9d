package dev.engram.contracts.events;

import java.time.Instant;

/** The tool could not run or raised an error; {@code error} is what the agent will read. */
public record ToolCallFailed(
    String eventId,
    String agentId,
    String runId,
    String stepId,
    String toolCallId,
    String idempotencyKey,
    String toolName,
    String error,
    String stdout,
    String stderr,
    Instant completedAt) implements ToolResultEvent {
}
