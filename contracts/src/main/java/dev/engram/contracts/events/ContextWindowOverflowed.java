package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/** An agent's context no longer fits; {@code evicted} are the messages to fold into a summary. */
public record ContextWindowOverflowed(
    String eventId,
    String agentId,
    String runId,
    String modelHandle,
    int contextWindow,
    String trigger,
    String previousSummary,
    List<TranscriptLine> evicted,
    Instant overflowedAt) implements ContextEvent {

  /** One evicted message, as text the summarizer reads. */
  public record TranscriptLine(String messageId, String role, String text) {
  }
}
