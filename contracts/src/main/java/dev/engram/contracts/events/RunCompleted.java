package dev.engram.contracts.events;

import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import java.time.Instant;
import java.util.List;

/**
 * A run ended normally; {@code messages} are what it produced (the input is not echoed). {@code lastStep} is the
 * run's last step when it was committed together with the end: it then has no {@code StepCompleted} event of its own
 * (null when every step was announced on its own).
 */
public record RunCompleted(
    String eventId,
    String agentId,
    String runId,
    StopReason stopReason,
    List<LettaMessage> messages,
    UsageStatistics usage,
    Instant completedAt,
    StepCompleted lastStep) implements RunEvent {

  /** An end whose steps were all announced on their own. */
  public RunCompleted(String eventId, String agentId, String runId, StopReason stopReason, List<LettaMessage> messages,
      UsageStatistics usage, Instant completedAt) {
    this(eventId, agentId, runId, stopReason, messages, usage, completedAt, null);
  }
}
