package dev.engram.contracts.message;

/** A message from the user (or another agent). */
public record UserMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    String content) implements LettaMessage {
}
