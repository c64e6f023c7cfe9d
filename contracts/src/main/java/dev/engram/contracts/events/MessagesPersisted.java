package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/** Messages of an agent were committed to its history. */
public record MessagesPersisted(String eventId, String agentId, List<RecallEntry> messages) implements MessageEvent {

  /**
   * One stored message as searchable text. {@code text} is the message's own text (an assistant's reply, a
   * user's input, a tool's return); {@code reasoning} is an assistant's reasoning, if any; {@code toolNames}
   * are the tools an assistant message called, or for a tool message the tool whose return it holds, so the
   * recall index can leave out what Letta leaves out (e.g. calls of conversation_search). Both are optional.
   */
  public record RecallEntry(String messageId, String runId, String role, String text, Instant createdAt,
      String reasoning, List<String> toolNames) {

    /** An entry with text only (no reasoning, no tools). */
    public RecallEntry(String messageId, String runId, String role, String text, Instant createdAt) {
      this(messageId, runId, role, text, createdAt, null, null);
    }
  }
}
