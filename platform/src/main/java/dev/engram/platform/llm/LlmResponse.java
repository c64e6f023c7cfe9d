package dev.engram.platform.llm;

import java.util.List;

/** What the model answered: text and/or tool calls, token usage and why it stopped. */
public record LlmResponse(
    String text,
    String reasoning,
    List<LlmToolCall> toolCalls,
    int promptTokens,
    int completionTokens,
    String finishReason) {
}
