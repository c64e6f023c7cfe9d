package dev.engram.contracts.message;

/** The model's reasoning, when the provider returns it. */
public record ReasoningMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    String reasoning, String source) implements LettaMessage {
}
