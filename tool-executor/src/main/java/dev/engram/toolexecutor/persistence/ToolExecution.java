package dev.engram.toolexecutor.persistence;

import java.time.Instant;

/** One row of {@code tool_executions}: a claimed ({@code running}) or completed tool call. */
public record ToolExecution(
    String idempotencyKey,
    String toolCallId,
    String agentId,
    String runId,
    String stepId,
    String toolName,
    String status,
    String toolReturn,
    String stdout,
    String stderr,
    String resultEventId,
    Instant createdAt,
    Instant completedAt) {

  /** Status of a claimed execution whose result is not recorded yet. */
  public static final String RUNNING = "running";

  /** Whether the result is recorded. */
  public boolean completed() {
    return !RUNNING.equals(status);
  }
}
