package dev.engram.memory.tool;

import dev.engram.contracts.api.ToolExecutionRequest;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** SQL access to {@code tool_executions}, the log that makes tool calls idempotent. */
@ApplicationScoped
public class ToolExecutionRepository {
  private static final String RUNNING = "running";

  private final Sql sql;

  ToolExecutionRepository(Sql sql) {
    this.sql = sql;
  }

  /** A recorded execution. */
  public record Recorded(String agentId, String toolName, ToolExecutionResult result) {
  }

  /**
   * Claims the request's idempotency key for the current transaction. False if another transaction
   * holds or committed it; a concurrent duplicate waits here until the first one ends, so a tool is
   * never applied twice.
   */
  public boolean claim(ToolExecutionRequest r) {
    return sql.update("""
        INSERT INTO tool_executions (idempotency_key, agent_id, run_id, step_id, tool_call_id, tool_name, status)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""",
        r.idempotencyKey(), r.agentId(), r.runId(), r.stepId(), r.toolCallId(), r.toolName(), RUNNING) == 1;
  }

  /** Records the result of the claimed execution. */
  public void complete(String idempotencyKey, ToolExecutionResult result) {
    sql.update("UPDATE tool_executions SET status = ?, tool_return = ? WHERE idempotency_key = ?",
        result.status(), result.toolReturn(), idempotencyKey);
  }

  /** The committed execution of a key. */
  public Optional<Recorded> find(String idempotencyKey) {
    return sql.queryOne("SELECT agent_id, tool_name, status, tool_return FROM tool_executions "
            + "WHERE idempotency_key = ?",
        rs -> new Recorded(rs.getString("agent_id"), rs.getString("tool_name"),
            new ToolExecutionResult(rs.getString("status"), rs.getString("tool_return"), null, null)),
        idempotencyKey);
  }
}
