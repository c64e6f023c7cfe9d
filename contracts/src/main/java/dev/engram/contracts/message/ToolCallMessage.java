package dev.engram.contracts.message;

import java.util.List;

/** The tool calls of one model response ({@code tool_call} is Letta's deprecated single form). */
public record ToolCallMessage(
    String id, String date, String name, String otid, String senderId, String stepId, String runId,
    ToolCall toolCall, List<ToolCall> toolCalls) implements LettaMessage {
}
