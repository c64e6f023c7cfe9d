package dev.engram.contracts.events;

import java.time.Instant;

/** Summarization failed for a reason the run reports as its terminal error. */
public record SummarizationFailed(
    String eventId,
    String agentId,
    String runId,
    String requestEventId,
    String error,
    Instant failedAt) implements SummaryEvent {
}
