package dev.engram.agentapi.run;

import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.message.LettaMessage;
import java.util.List;

/** The end of a run as a waiting sync request needs it: status, stop reason, produced messages, usage, error. */
public record RunOutcome(
    String runId,
    String agentId,
    RunStatus status,
    StopReason stopReason,
    List<LettaMessage> messages,
    UsageStatistics usage,
    String errorType,
    String errorMessage) {

  /** The outcome a {@link RunCompleted} reports. */
  public static RunOutcome of(RunCompleted e) {
    return new RunOutcome(e.runId(), e.agentId(), e.stopReason().runStatus(), e.stopReason(), orEmpty(e.messages()),
        e.usage() == null ? UsageStatistics.ZERO : e.usage(), null, null);
  }

  /** The outcome a {@link RunFailed} reports. */
  public static RunOutcome of(RunFailed e) {
    // A failure never reads as completed: a stop reason that implies success is replaced by "error".
    StopReason stop = e.stopReason() == null || e.stopReason().runStatus() == RunStatus.COMPLETED ? StopReason.ERROR
        : e.stopReason();
    return new RunOutcome(e.runId(), e.agentId(), stop.runStatus(), stop, orEmpty(e.messages()),
        e.usage() == null ? UsageStatistics.ZERO : e.usage(), e.errorType(), e.errorMessage());
  }

  private static List<LettaMessage> orEmpty(List<LettaMessage> messages) {
    return messages == null ? List.of() : messages;
  }
}
