package dev.engram.steprunner.persistence;

import dev.engram.contracts.Json;
import dev.engram.platform.db.Sql;
import dev.engram.platform.llm.LlmResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The step journal. */
@ApplicationScoped
public class StepRepository {
  private final Sql sql;

  StepRepository(Sql sql) {
    this.sql = sql;
  }

  /** Journals a model answer before any of its tool calls run. */
  public void journal(String stepId, String runId, String agentId, int stepIndex, String modelHandle,
      LlmResponse response, long llmRequestNs) {
    sql.update("INSERT INTO steps (id, run_id, agent_id, step_index, status, model_handle, llm_response, "
            + "prompt_tokens, completion_tokens, llm_request_ns) VALUES (?, ?, ?, ?, 'llm_done', ?, ?, ?, ?, ?)",
        stepId, runId, agentId, stepIndex, modelHandle, new Sql.Json(Json.write(response)), response.promptTokens(),
        response.completionTokens(), llmRequestNs);
  }

  /** Marks a step committed with the loop's decision. */
  public void commit(String stepId, boolean continueLoop, String stopReason, long toolExecutionNs, long stepNs) {
    sql.update("UPDATE steps SET status = 'committed', continue_loop = ?, stop_reason = ?, tool_execution_ns = ?, "
        + "step_ns = ?, committed_at = now() WHERE id = ?", continueLoop, stopReason, toolExecutionNs, stepNs, stepId);
  }

  /** A run's journaled steps in order. */
  public List<StepRecord> byRun(String runId) {
    return sql.query("SELECT id, run_id, agent_id, step_index, status, model_handle, llm_response, continue_loop, "
            + "stop_reason, llm_request_ns, tool_execution_ns, step_ns FROM steps WHERE run_id = ? ORDER BY step_index",
        rs -> new StepRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
            rs.getString(6), Json.read(rs.getString(7), LlmResponse.class),
            (Boolean) rs.getObject(8), rs.getString(9), rs.getLong(10), rs.getLong(11), rs.getLong(12)),
        runId);
  }

  /** Deletes an agent's journal. */
  public void deleteAgent(String agentId) {
    sql.update("DELETE FROM steps WHERE agent_id = ?", agentId);
  }
}
