package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/** The evicted messages were summarized into {@code summary}. */
public record ConversationSummarized(
    String eventId,
    String agentId,
    String runId,
    String requestEventId,
    String summary,
    List<String> evictedMessageIds,
    Instant summarizedAt) implements SummaryEvent {
}
