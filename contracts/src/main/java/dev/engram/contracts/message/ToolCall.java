package dev.engram.contracts.message;

/** One tool call the model made: its name, JSON arguments string and id. */
public record ToolCall(String name, String arguments, String toolCallId) {
}
