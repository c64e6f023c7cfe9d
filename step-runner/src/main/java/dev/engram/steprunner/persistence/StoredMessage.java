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

  /** Stored roles. */
  public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

  /** A message not yet stored (seq and created_at are assigned on insert). */
  public static StoredMessage draft(String id, String agentId, String runId, String stepId, Role role, String content,
      String reasoning, List<LlmToolCall> toolCalls, String toolCallId, String toolName, String toolStatus,
      String name, String otid) {
    return new StoredMessage(0, id, agentId, runId, stepId, role, content, reasoning,
        toolCalls == null ? List.of() : toolCalls, toolCallId, toolName, toolStatus, name, otid, true, null);
  }
}
