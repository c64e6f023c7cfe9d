package dev.engram.contracts.events;

import java.time.Instant;

/** step-runner began working on a run. */
public record RunStarted(String eventId, String agentId, String runId, Instant startedAt) implements RunEvent {
}
