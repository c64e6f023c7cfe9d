package dev.engram.agentapi.step;

import dev.engram.contracts.events.StepCompleted;
import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code steps} read model: one row per {@code StepCompleted} of a run agent-api knows. */
@ApplicationScoped
public class StepRepository {
  private static final String COLUMNS = "s.id, s.run_id, s.agent_id, s.step_index, s.model_handle, s.prompt_tokens, "
      + "s.completion_tokens, s.total_tokens, s.step_ns, s.llm_request_ns, s.tool_execution_ns, s.created_at";

  private final Sql sql;

  StepRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * Records a committed step once (a redelivered event changes nothing). A step of a run that is gone (deleted
   * with its agent, or by {@code DELETE /v1/runs/{id}}) is dropped.
   */
  public void record(StepCompleted step) {
    Instant completed = step.completedAt() == null ? Instant.now() : step.completedAt();
    Instant started = completed.minusNanos(Math.max(0, step.stepNs()));
    int prompt = step.usage() == null ? 0 : step.usage().promptTokens();
    int completion = step.usage() == null ? 0 : step.usage().completionTokens();
    int total = step.usage() == null ? 0 : step.usage().totalTokens();
    sql.update("INSERT INTO steps (id, run_id, agent_id, step_index, model_handle, prompt_tokens, completion_tokens, "
            + "total_tokens, step_ns, llm_request_ns, tool_execution_ns, created_at) "
            + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?) "
            + "ON CONFLICT (id) DO NOTHING",
        step.stepId(), step.runId(), step.agentId(), step.stepIndex(), step.modelHandle(), prompt, completion, total,
        step.stepNs(), step.llmRequestNs(), step.toolExecutionNs(), started, step.runId());
  }

  /** One step. */
  public Optional<StoredStep> find(String stepId) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM steps s WHERE s.id = ?", StepRepository::map, stepId);
  }

  /** One page of steps matching {@code query}; 404 when a cursor names no step. */
  public List<StoredStep> list(StepQuery query) {
    StringBuilder where = new StringBuilder("TRUE");
    List<Object> params = new ArrayList<>();
    if (query.agentId() != null) {
      where.append(" AND s.agent_id = ?");
      params.add(query.agentId());
    }
    if (query.runId() != null) {
      where.append(" AND s.run_id = ?");
      params.add(query.runId());
    }
    if (query.model() != null) {
      where.append(" AND (s.model_handle = ? OR split_part(s.model_handle, '/', 2) = ?)");
      params.add(query.model());
      params.add(query.model());
    }
    if (query.startDate() != null) {
      where.append(" AND s.created_at >= ?");
      params.add(query.startDate());
    }
    if (query.endDate() != null) {
      where.append(" AND s.created_at <= ?");
      params.add(query.endDate());
    }
    String forward = query.ascending() ? ">" : "<";
    String backward = query.ascending() ? "<" : ">";
    if (query.after() != null) {
      requireCursor(query.after());
      where.append(" AND (s.created_at, s.id) ").append(forward)
          .append(" (SELECT c.created_at, c.id FROM steps c WHERE c.id = ?)");
      params.add(query.after());
    }
    if (query.before() != null) {
      requireCursor(query.before());
      where.append(" AND (s.created_at, s.id) ").append(backward)
          .append(" (SELECT c.created_at, c.id FROM steps c WHERE c.id = ?)");
      params.add(query.before());
    }
    String direction = query.ascending() ? "ASC" : "DESC";
    params.add(query.limit());
    return sql.query("SELECT " + COLUMNS + " FROM steps s WHERE " + where + " ORDER BY s.created_at " + direction
        + ", s.id " + direction + " LIMIT ?", StepRepository::map, params.toArray());
  }

  /** Every step of a run, first to last. */
  public List<StoredStep> ofRun(String runId) {
    return sql.query("SELECT " + COLUMNS + " FROM steps s WHERE s.run_id = ? ORDER BY s.step_index",
        StepRepository::map, runId);
  }

  private void requireCursor(String stepId) {
    if (sql.queryOne("SELECT 1 FROM steps WHERE id = ?", rs -> 1, stepId).isEmpty()) {
      throw ApiException.notFound("Step " + stepId + " (pagination cursor) not found");
    }
  }

  private static StoredStep map(ResultSet rs) throws SQLException {
    return new StoredStep(rs.getString("id"), rs.getString("run_id"), rs.getString("agent_id"),
        rs.getInt("step_index"), rs.getString("model_handle"), rs.getInt("prompt_tokens"),
        rs.getInt("completion_tokens"), rs.getInt("total_tokens"), rs.getLong("step_ns"), rs.getLong("llm_request_ns"),
        rs.getLong("tool_execution_ns"), Sql.instant(rs, "created_at"));
  }
}
