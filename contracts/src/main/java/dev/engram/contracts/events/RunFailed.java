package dev.engram.contracts.events;

import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import java.time.Instant;
import java.util.List;

/**
 * A run ended in failure; {@code messages} holds what was committed before it failed. {@code lastStep}: as in
 * {@link RunCompleted}.
 */
public record RunFailed(
    String eventId,
    String agentId,
    String runId,
    StopReason stopReason,
    String errorType,
    String errorMessage,
    List<LettaMessage> messages,
    UsageStatistics usage,
    Instant completedAt,
    StepCompleted lastStep) implements RunEvent {

  /** An end whose steps were all announced on their own. */
  public RunFailed(String eventId, String agentId, String runId, StopReason stopReason, String errorType,
      String errorMessage, List<LettaMessage> messages, UsageStatistics usage, Instant completedAt) {
    this(eventId, agentId, runId, stopReason, errorType, errorMessage, messages, usage, completedAt, null);
  }
}
