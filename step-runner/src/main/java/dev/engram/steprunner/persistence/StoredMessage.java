package dev.engram.steprunner.persistence;

import dev.engram.platform.llm.LlmToolCall;
import java.time.Instant;
import java.util.List;

/** One row of an agent's history. */
public record StoredMessage(
    long seq,
    String id,
    String agentId,
    String runId,
    String stepId,
    Role role,
    String content,
    String reasoning,
    List<LlmToolCall> toolCalls,
    String toolCallId,
    String toolName,
    String toolStatus,
    String name,
    String otid,
    boolean inContext,
    Instant createdAt) {

  /**
   * Stored roles. {@code APPROVAL} is Letta's: with tool calls, an answer of the model whose calls wait for the
   * client (an assistant message once answered); without, the client's answer to such a request.
   */
  public enum Role { SYSTEM, USER, ASSISTANT, TOOL, APPROVAL }

  /** A message not yet stored (seq and created_at are assigned on insert). */
  public static StoredMessage draft(String id, String agentId, String runId, String stepId, Role role, String content,
      String reasoning, List<LlmToolCall> toolCalls, String toolCallId, String toolName, String toolStatus,
      String name, String otid) {
    return new StoredMessage(0, id, agentId, runId, stepId, role, content, reasoning,
        toolCalls == null ? List.of() : toolCalls, toolCallId, toolName, toolStatus, name, otid, true, null);
  }

  /** This message kept out of (or put into) the context window. */
  public StoredMessage withInContext(boolean value) {
    return new StoredMessage(seq, id, agentId, runId, stepId, role, content, reasoning, toolCalls, toolCallId, toolName,
        toolStatus, name, otid, value, createdAt);
  }
}
