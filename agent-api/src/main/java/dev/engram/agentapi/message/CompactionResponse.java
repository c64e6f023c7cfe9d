package dev.engram.agentapi.message;

/** Letta's {@code CompactionResponse}: the summary written and the in-context message counts around it. */
public record CompactionResponse(String summary, int numMessagesBefore, int numMessagesAfter) {
}
