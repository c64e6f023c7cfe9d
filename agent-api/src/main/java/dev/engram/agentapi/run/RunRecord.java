package dev.engram.agentapi.run;

import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One row of the {@code runs} read model. */
public record RunRecord(
    String id,
    String agentId,
    RunStatus status,
    boolean background,
    StopReason stopReason,
    Map<String, Object> metadata,
    Map<String, Object> requestConfig,
    UsageStatistics usage,
    List<LettaMessage> resultMessages,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt) {

  /** How the run ended, once it has. */
  public RunOutcome outcome() {
    Object error = metadata == null ? null : metadata.get("error");
    String errorType = null;
    String errorMessage = null;
    if (error instanceof Map<?, ?> e) {
      errorType = e.get("error_type") == null ? null : String.valueOf(e.get("error_type"));
      errorMessage = e.get("message") == null ? null : String.valueOf(e.get("message"));
    }
    return new RunOutcome(id, agentId, status, stopReason, resultMessages == null ? List.of() : resultMessages,
        usage == null ? UsageStatistics.ZERO : usage, errorType, errorMessage);
  }
}
