package dev.engram.contracts.events;

import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import java.time.Instant;
import java.util.List;

/** A run ended in failure; {@code messages} holds what was committed before it failed. */
public record RunFailed(
    String eventId,
    String agentId,
    String runId,
    StopReason stopReason,
    String errorType,
    String errorMessage,
    List<LettaMessage> messages,
    UsageStatistics usage,
    Instant completedAt) implements RunEvent {
}
