package dev.engram.steprunner.persistence;

import dev.engram.contracts.Json;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.platform.db.Sql;
import dev.engram.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The per-agent FIFO of accepted runs. */
@ApplicationScoped
public class QueueRepository {
  /** A queued run: its position, state and the message that started it. */
  public record QueuedRun(long seq, String agentId, String runId, String status, MessageReceived event) {
    public boolean started() {
      return !"queued".equals(status);
    }
  }

  private final Sql sql;

  QueueRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * Appends a run to its agent's queue, stored as {@code json} (the event's JSON), and records the event as processed
   * by {@code consumer} in the same statement (atomic without a transaction of its own); false if {@code consumer}
   * had processed the event before, or the run was already queued.
   */
  public boolean enqueueOnce(String consumer, MessageReceived event, String json) {
    return sql.update("WITH " + ProcessedEvents.FIRST_DELIVERY_CTE + " "
            + "INSERT INTO agent_queue (agent_id, run_id, event) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM first) "
            + "ON CONFLICT (run_id) DO NOTHING",
        consumer, event.eventId(), event.agentId(), event.runId(), json) == 1;
  }

  /** The oldest unfinished run of an agent (one parameter, the agent id); {@link #map} reads its rows. */
  static final String HEAD = "SELECT seq, agent_id, run_id, status, event FROM agent_queue "
      + "WHERE agent_id = ? AND status <> 'done' ORDER BY seq LIMIT 1";

  /** The oldest unfinished run of an agent. */
  public Optional<QueuedRun> head(String agentId) {
    return sql.queryOne(HEAD, QueueRepository::map, agentId);
  }

  /** Maps a row whose first five columns are seq, agent_id, run_id, status and event. */
  static QueuedRun map(ResultSet rs) throws SQLException {
    return new QueuedRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Json.read(rs.getString(5), MessageReceived.class));
  }

  /** Marks a queued run started; false when it is no longer queued (cancelled before it could start). */
  public boolean markRunning(String runId) {
    return sql.update("UPDATE agent_queue SET status = 'running', started_at = now() WHERE run_id = ? "
        + "AND status = 'queued'", runId) == 1;
  }

  /** Marks a run finished; the agent's next run may start. */
  public void markDone(String runId) {
    sql.update("UPDATE agent_queue SET status = 'done', finished_at = now() WHERE run_id = ?", runId);
  }

  /** Number of runs waiting or running, for the queue-depth gauge. */
  public long pendingCount() {
    return sql.queryOne("SELECT count(*) FROM agent_queue WHERE status <> 'done'", rs -> rs.getLong(1)).orElse(0L);
  }

  /**
   * Agents with unfinished runs that no live instance is doing: no lease, an expired one, or one
   * held under {@code owner}'s name (this instance before a crash, resumed at once on restart).
   */
  public List<String> orphanedAgents(String owner, int limit) {
    return sql.query("SELECT DISTINCT q.agent_id FROM agent_queue q LEFT JOIN agent_leases l ON l.agent_id = q.agent_id "
        + "WHERE q.status <> 'done' AND (l.agent_id IS NULL OR l.lease_until < now() OR l.owner = ?) LIMIT ?",
        rs -> rs.getString(1), owner, limit);
  }

  /** Drops an agent's queue. */
  public void deleteAgent(String agentId) {
    sql.update("DELETE FROM agent_queue WHERE agent_id = ?", agentId);
  }
}
