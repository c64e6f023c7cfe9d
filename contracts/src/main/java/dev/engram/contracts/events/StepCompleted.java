package dev.engram.contracts.events;

import dev.engram.contracts.api.UsageStatistics;
import java.time.Instant;

/** One step (one model call and its tool calls) of a run was committed. */
public record StepCompleted(
    String eventId,
    String agentId,
    String runId,
    String stepId,
    int stepIndex,
    String modelHandle,
    UsageStatistics usage,
    long stepNs,
    long llmRequestNs,
    long toolExecutionNs,
    Instant completedAt) implements RunEvent {
}
