package dev.engram.agentapi.message;

import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import java.util.List;

/** Letta's non-streaming answer: what the run produced (input not echoed), why it stopped, and its usage. */
public record LettaResponse(List<LettaMessage> messages, StopReasonView stopReason, UsageStatistics usage) {

  /** Letta's {@code LettaStopReason}. */
  public record StopReasonView(String messageType, StopReason stopReason) {
    public static StopReasonView of(StopReason stopReason) {
      return new StopReasonView("stop_reason", stopReason);
    }
  }
}
