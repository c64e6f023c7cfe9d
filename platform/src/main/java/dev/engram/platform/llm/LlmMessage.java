package dev.engram.platform.llm;

import java.util.List;

/** One message of a model request, provider-neutral. */
public record LlmMessage(Role role, String content, List<LlmToolCall> toolCalls, String toolCallId, String toolName) {

  /** Who said it. */
  public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

  public static LlmMessage system(String text) {
    return new LlmMessage(Role.SYSTEM, text, List.of(), null, null);
  }

  public static LlmMessage user(String text) {
    return new LlmMessage(Role.USER, text, List.of(), null, null);
  }

  public static LlmMessage assistant(String text, List<LlmToolCall> toolCalls) {
    return new LlmMessage(Role.ASSISTANT, text, toolCalls == null ? List.of() : toolCalls, null, null);
  }

  public static LlmMessage toolResult(String toolCallId, String toolName, String text) {
    return new LlmMessage(Role.TOOL, text, List.of(), toolCallId, toolName);
  }
}
