package dev.engram.steprunner.persistence;

import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Results of tool-executor calls, recorded as they arrive so a waiting step (on any instance) finds them. */
@ApplicationScoped
public class ToolResultRepository {
  private final Sql sql;

  ToolResultRepository(Sql sql) {
    this.sql = sql;
  }

  /** Records a result once; later deliveries of the same key are ignored. */
  public void record(String idempotencyKey, ToolExecutionResult result) {
    sql.update("INSERT INTO tool_results (idempotency_key, status, tool_return, stdout, stderr) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING", idempotencyKey, result.status(), result.toolReturn(), result.stdout(),
        result.stderr());
  }

  /** The recorded result of a key. */
  public Optional<ToolExecutionResult> find(String idempotencyKey) {
    return sql.queryOne("SELECT status, tool_return, stdout, stderr FROM tool_results WHERE idempotency_key = ?",
        rs -> new ToolExecutionResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        idempotencyKey);
  }
}
