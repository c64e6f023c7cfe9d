package dev.engram.contracts.message;

import java.util.List;

/** Tool calls that wait for the client: approval (or the client's own return) before they run. */
public record ApprovalRequestMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    ToolCall toolCall, List<ToolCall> toolCalls) implements LettaMessage {
}
