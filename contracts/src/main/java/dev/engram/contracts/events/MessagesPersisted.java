package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/** Messages of an agent were committed to its history. */
public record MessagesPersisted(String eventId, String agentId, List<RecallEntry> messages) implements MessageEvent {

  /** One stored message as searchable text. */
  public record RecallEntry(String messageId, String runId, String role, String text, Instant createdAt) {
  }
}
