package dev.engram.toolexecutor.persistence;

import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL access to {@code tool_executions}. */
@ApplicationScoped
public class ToolExecutionRepository {
  private static final String COLUMNS = "idempotency_key, tool_call_id, agent_id, run_id, step_id, tool_name, status, "
      + "tool_return, stdout, stderr, result_event_id, created_at, completed_at";

  private final Sql sql;

  ToolExecutionRepository(Sql sql) {
    this.sql = sql;
  }

  /** Inserts a {@code running} row for the request; false if its idempotency key has a row already. */
  public boolean claim(ToolCallRequested request) {
    return sql.update("INSERT INTO tool_executions (idempotency_key, tool_call_id, agent_id, run_id, step_id, "
            + "tool_name, status) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
        request.idempotencyKey(), request.toolCallId(), request.agentId(), request.runId(), request.stepId(),
        request.tool().name(), ToolExecution.RUNNING) == 1;
  }

  /** The row of {@code idempotencyKey}, locked for the rest of the transaction. */
  public Optional<ToolExecution> findForUpdate(String idempotencyKey) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM tool_executions WHERE idempotency_key = ? FOR UPDATE",
        ToolExecutionRepository::map, idempotencyKey);
  }

  /** The row of {@code idempotencyKey}. */
  public Optional<ToolExecution> find(String idempotencyKey) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM tool_executions WHERE idempotency_key = ?",
        ToolExecutionRepository::map, idempotencyKey);
  }

  /**
   * Records the result of a still running execution; false if the row was completed meanwhile
   * (by an earlier owner of the claim), in which case that recorded result stands.
   */
  public boolean complete(String idempotencyKey, ToolExecutionResult result, String resultEventId,
      Instant completedAt) {
    return sql.update("UPDATE tool_executions SET status = ?, tool_return = ?, stdout = ?, stderr = ?, "
            + "result_event_id = ?, completed_at = ? WHERE idempotency_key = ? AND status = ?",
        result.status(), result.toolReturn(), result.stdout(), result.stderr(), resultEventId, completedAt,
        idempotencyKey, ToolExecution.RUNNING) == 1;
  }

  private static ToolExecution map(ResultSet rs) throws SQLException {
    return new ToolExecution(rs.getString("idempotency_key"), rs.getString("tool_call_id"), rs.getString("agent_id"),
        rs.getString("run_id"), rs.getString("step_id"), rs.getString("tool_name"), rs.getString("status"),
        rs.getString("tool_return"), rs.getString("stdout"), rs.getString("stderr"), rs.getString("result_event_id"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "completed_at"));
  }
}
