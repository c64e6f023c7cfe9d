package dev.engram.contracts.message;

/** Text the agent said to the user. */
public record AssistantMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    String content) implements LettaMessage {
}
