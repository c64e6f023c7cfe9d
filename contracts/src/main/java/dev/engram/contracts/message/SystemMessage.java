package dev.engram.contracts.message;

/** The agent's (compiled) system prompt. */
public record SystemMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    String content) implements LettaMessage {
}
