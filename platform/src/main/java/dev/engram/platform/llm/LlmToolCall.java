package dev.engram.platform.llm;

/** A tool call the model asked for: provider id, tool name and JSON arguments. */
public record LlmToolCall(String id, String name, String arguments) {
}
