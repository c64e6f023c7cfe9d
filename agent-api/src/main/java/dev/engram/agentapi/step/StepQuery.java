package dev.engram.agentapi.step;

import java.time.Instant;

/**
 * What a steps listing asks for: an agent, a run, a model (name or handle), a creation time window; then a cursor
 * page of at most {@code limit} in creation order.
 */
public record StepQuery(String agentId, String runId, String model, Instant startDate, Instant endDate,
    String before, String after, int limit, boolean ascending) {
}
