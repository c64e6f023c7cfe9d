package dev.engram.agentapi.run;

import dev.engram.platform.db.Sql;
import dev.engram.platform.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the {@code runs} table for Letta's run listing and views (with conversation and callback columns). */
@ApplicationScoped
public class RunQueryRepository {
  private static final String VIEW_COLUMNS = RunRepository.COLUMNS + ", r.conversation_id, r.callback_url, "
      + "r.callback_sent_at, r.callback_status_code, r.callback_error";
  /** Compaction runs exist for agent-api's own waiting; Letta creates no run for a compaction. */
  private static final String NOT_COMPACTION = "COALESCE(r.metadata->>'run_type', '') <> '"
      + RunService.COMPACTION_RUN_TYPE + "'";

  private final Sql sql;

  RunQueryRepository(Sql sql) {
    this.sql = sql;
  }

  /** One run as Letta shows it. */
  public Optional<RunView> view(String runId) {
    return sql.queryOne("SELECT " + VIEW_COLUMNS + " FROM runs r WHERE r.id = ?", RunQueryRepository::map, runId);
  }

  /** One page of runs matching {@code filter}; 404 when a cursor names no run. */
  public List<RunView> list(RunFilter filter) {
    StringBuilder where = new StringBuilder(NOT_COMPACTION);
    List<Object> params = new ArrayList<>();
    if (!filter.agentIds().isEmpty()) {
      where.append(" AND r.agent_id = ANY(CAST(? AS text[]))");
      params.add(filter.agentIds());
    }
    if (!filter.statuses().isEmpty()) {
      where.append(" AND r.status = ANY(CAST(? AS text[]))");
      params.add(filter.statuses());
    }
    if (filter.active()) {
      where.append(" AND r.status IN ('created', 'running')");
    }
    if (filter.background() != null) {
      where.append(" AND r.background = ?");
      params.add(filter.background());
    }
    if (filter.stopReason() != null) {
      where.append(" AND r.stop_reason = ?");
      params.add(filter.stopReason());
    }
    if (filter.conversationId() != null) {
      where.append(" AND r.conversation_id = ?");
      params.add(filter.conversationId());
    }
    // Cursors compare (created_at, id) so runs created in the same microsecond still page deterministically.
    String forward = filter.ascending() ? ">" : "<";
    String backward = filter.ascending() ? "<" : ">";
    if (filter.after() != null) {
      requireCursor(filter.after());
      where.append(" AND (r.created_at, r.id) ").append(forward)
          .append(" (SELECT c.created_at, c.id FROM runs c WHERE c.id = ?)");
      params.add(filter.after());
    }
    if (filter.before() != null) {
      requireCursor(filter.before());
      where.append(" AND (r.created_at, r.id) ").append(backward)
          .append(" (SELECT c.created_at, c.id FROM runs c WHERE c.id = ?)");
      params.add(filter.before());
    }
    String direction = filter.ascending() ? "ASC" : "DESC";
    params.add(filter.limit());
    return sql.query("SELECT " + VIEW_COLUMNS + " FROM runs r WHERE " + where + " ORDER BY r.created_at "
        + direction + ", r.id " + direction + " LIMIT ?", RunQueryRepository::map, params.toArray());
  }

  /** Deletes a run (its steps and otids go with it); false if there was none. */
  public boolean delete(String runId) {
    return sql.update("DELETE FROM runs WHERE id = ?", runId) == 1;
  }

  private void requireCursor(String runId) {
    if (sql.queryOne("SELECT 1 FROM runs WHERE id = ?", rs -> 1, runId).isEmpty()) {
      throw ApiException.notFound("Run " + runId + " (pagination cursor) not found");
    }
  }

  private static RunView map(ResultSet rs) throws SQLException {
    int code = rs.getInt("callback_status_code");
    Integer statusCode = rs.wasNull() ? null : code;
    RunCallback callback = new RunCallback(rs.getString("callback_url"), Sql.instant(rs, "callback_sent_at"),
        statusCode, rs.getString("callback_error"));
    return RunView.of(RunRepository.map(rs), rs.getString("conversation_id"), callback);
  }
}
