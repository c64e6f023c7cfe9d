package dev.engram.agentapi.stream;

import dev.engram.agentapi.run.RunOutcome;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;

/** How a run's stream ends: its stop reason and usage, and for a failed run the error the client is shown. */
public record EndOfRun(StopReason stopReason, UsageStatistics usage, String errorType, String errorMessage,
    boolean failed) {

  /** The end of the stream of a run that ended with {@code outcome}. */
  public static EndOfRun of(RunOutcome outcome) {
    boolean failed = outcome.status() == RunStatus.FAILED;
    String message = outcome.errorMessage();
    if (failed && message == null) {
      message = "Run " + outcome.runId() + " failed (" + outcome.stopReason().wire() + ")";
    }
    return new EndOfRun(outcome.stopReason(), outcome.usage() == null ? UsageStatistics.ZERO : outcome.usage(),
        failed ? (outcome.errorType() == null ? "internal_error" : outcome.errorType()) : null,
        failed ? message : null, failed);
  }
}
