package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * An agent's context no longer fits; {@code evicted} are the messages to fold into a summary. {@code mode}
 * ({@code sliding_window} or {@code all}), {@code clipChars} (longest summary), {@code summaryModel} (model
 * handle to summarize with, else {@code modelHandle}) and {@code prompt} (instructions replacing the default)
 * come from the agent's compaction settings and may be null.
 */
public record ContextWindowOverflowed(
    String eventId,
    String agentId,
    String runId,
    String modelHandle,
    int contextWindow,
    String trigger,
    String previousSummary,
    List<TranscriptLine> evicted,
    Instant overflowedAt,
    String mode,
    Integer clipChars,
    String summaryModel,
    String prompt) implements ContextEvent {

  /** An overflow with the default compaction settings. */
  public ContextWindowOverflowed(String eventId, String agentId, String runId, String modelHandle, int contextWindow,
      String trigger, String previousSummary, List<TranscriptLine> evicted, Instant overflowedAt) {
    this(eventId, agentId, runId, modelHandle, contextWindow, trigger, previousSummary, evicted, overflowedAt, null,
        null, null, null);
  }

  /** One evicted message, as text the summarizer reads. */
  public record TranscriptLine(String messageId, String role, String text) {
  }
}
