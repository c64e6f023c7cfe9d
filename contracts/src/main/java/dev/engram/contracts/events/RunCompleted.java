package dev.engram.contracts.events;

import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import java.time.Instant;
import java.util.List;

/** A run ended normally; {@code messages} are what it produced (the input is not echoed). */
public record RunCompleted(
    String eventId,
    String agentId,
    String runId,
    StopReason stopReason,
    List<LettaMessage> messages,
    UsageStatistics usage,
    Instant completedAt) implements RunEvent {
}
