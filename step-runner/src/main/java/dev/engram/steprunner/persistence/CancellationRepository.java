package dev.engram.steprunner.persistence;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Cancellation requests on the agent queue (see docs/adr/0009). */
@ApplicationScoped
public class CancellationRepository {
  private final Sql sql;

  CancellationRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * Ends the agent's queued runs that match ({@code runId} null: all of them) without starting them; returns
   * their ids. A worker starts a run only while it is still queued, so each run is either started or ended here.
   */
  public List<String> endQueued(String agentId, String runId) {
    return sql.query("UPDATE agent_queue SET status = 'done', finished_at = now(), cancel_requested_at = now() "
            + "WHERE agent_id = ? AND (?::text IS NULL OR run_id = ?) AND status = 'queued' RETURNING run_id",
        rs -> rs.getString(1), agentId, runId, runId);
  }

  /** Flags the agent's running runs that match ({@code runId} null: all of them); returns their ids. */
  public List<String> flagRunning(String agentId, String runId) {
    return sql.query("UPDATE agent_queue SET cancel_requested_at = coalesce(cancel_requested_at, now()) "
            + "WHERE agent_id = ? AND (?::text IS NULL OR run_id = ?) AND status = 'running' RETURNING run_id",
        rs -> rs.getString(1), agentId, runId, runId);
  }

  /** Which of these unfinished runs a client asked to cancel. */
  public List<String> requested(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return List.of();
    }
    return sql.query("SELECT run_id FROM agent_queue WHERE run_id = ANY(?) AND cancel_requested_at IS NOT NULL "
        + "AND status <> 'done'", rs -> rs.getString(1), runIds);
  }
}
