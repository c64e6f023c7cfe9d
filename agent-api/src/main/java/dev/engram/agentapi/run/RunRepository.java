package dev.engram.agentapi.run;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.agentapi.JsonColumns;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.StopReason;
import dev.engram.contracts.api.UsageStatistics;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The {@code runs} and {@code run_otids} tables. */
@ApplicationScoped
public class RunRepository {
  private static final TypeReference<List<LettaMessage>> MESSAGES = new TypeReference<>() {
  };
  static final String COLUMNS = "r.id, r.agent_id, r.status, r.background, r.stop_reason, r.metadata, "
      + "r.request_config, r.usage, r.result_messages, r.created_at, r.started_at, r.completed_at";
  private static final String NOT_TERMINAL = "status NOT IN ('completed', 'failed', 'cancelled')";

  private final Sql sql;

  RunRepository(Sql sql) {
    this.sql = sql;
  }

  /** Inserts a new run of the agent's default conversation. */
  public void insert(RunRecord run) {
    insert(run, null);
  }

  /** Inserts a new run of conversation {@code conversationId} (null: the agent's default one). */
  public void insert(RunRecord run, String conversationId) {
    sql.update("INSERT INTO runs (id, agent_id, status, background, stop_reason, metadata, request_config, usage, "
            + "result_messages, created_at, started_at, completed_at, conversation_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        run.id(), run.agentId(), run.status().wire(), run.background(),
        run.stopReason() == null ? null : run.stopReason().wire(), JsonColumns.of(run.metadata()),
        JsonColumns.of(run.requestConfig()), JsonColumns.of(run.usage()), JsonColumns.of(run.resultMessages(), MESSAGES),
        run.createdAt(), run.startedAt(), run.completedAt(), conversationId);
  }

  /** The {@code conv-…} conversation of a run; empty for the default conversation or an unknown run. */
  public Optional<String> conversationOf(String runId) {
    return sql.queryOne("SELECT conversation_id FROM runs WHERE id = ? AND conversation_id IS NOT NULL",
        rs -> rs.getString(1), runId);
  }

  /** One run. */
  public Optional<RunRecord> find(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM runs r WHERE r.id = ?", RunRepository::map, id);
  }

  /** The run that first carried one of these message otids, if any. */
  public Optional<RunRecord> findByOtids(List<String> otids) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM run_otids o JOIN runs r ON r.id = o.run_id "
        + "WHERE o.otid = ANY(CAST(? AS text[])) ORDER BY r.created_at LIMIT 1", RunRepository::map, otids);
  }

  /** Remembers which run the otids of a request created. */
  public void insertOtids(List<String> otids, String runId) {
    for (String otid : otids) {
      sql.update("INSERT INTO run_otids (otid, run_id) VALUES (?, ?)", otid, runId);
    }
  }

  /** created → running; a run that already moved on stays where it is. */
  public boolean markRunning(String id, Instant startedAt) {
    return sql.update("UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'created'",
        startedAt, id) == 1;
  }

  /**
   * Locks the run's agent row (the lock order of accept() and agent deletion: agent, then run) and tells whether
   * the run is still open. False when it has ended (or went with its agent): whoever ends it second skips writing.
   */
  public boolean lockAgentWhileOpen(String agentId, String runId) {
    if (sql.queryOne("SELECT 1 FROM agents WHERE id = ? FOR UPDATE", rs -> true, agentId).isEmpty()) {
      return false;
    }
    // A statement of its own (read committed): it sees an end another transaction committed while this one waited
    // for the lock, which a subquery of the locking statement would not.
    return sql.queryOne("SELECT 1 FROM runs WHERE id = ? AND " + NOT_TERMINAL, rs -> true, runId).isPresent();
  }

  /** What ending a run tells about it: its agent, creation time, conversation (null: default) and run type. */
  public record Ended(String agentId, Instant createdAt, String conversationId, String runType) {
  }

  /** Ends a run once: a terminal run never changes again. Empty if the run is unknown or already ended. */
  public Optional<Ended> finish(String id, RunStatus status, StopReason stopReason, Instant completedAt,
      UsageStatistics usage, List<LettaMessage> messages, Map<String, Object> error) {
    return sql.queryOne("UPDATE runs SET status = ?, stop_reason = ?, completed_at = ?, usage = ?, "
            + "result_messages = ?, metadata = CASE WHEN CAST(? AS jsonb) IS NULL THEN metadata "
            + "ELSE metadata || jsonb_build_object('error', CAST(? AS jsonb)) END "
            + "WHERE id = ? AND " + NOT_TERMINAL + " RETURNING agent_id, created_at, conversation_id, "
            + "metadata ->> 'run_type'",
        rs -> new Ended(rs.getString(1), Sql.instant(rs, "created_at"), rs.getString(3), rs.getString(4)),
        status.wire(), stopReason.wire(), completedAt, JsonColumns.of(usage), JsonColumns.of(messages, MESSAGES),
        JsonColumns.of(error), JsonColumns.of(error), id);
  }

  /** Maps a row selected with {@link #COLUMNS} (table alias {@code r}). */
  static RunRecord map(ResultSet rs) throws SQLException {
    String stop = rs.getString("stop_reason");
    return new RunRecord(
        rs.getString("id"),
        rs.getString("agent_id"),
        RunStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getBoolean("background"),
        stop == null ? null : StopReason.fromWire(stop),
        JsonColumns.map(rs.getString("metadata")),
        JsonColumns.map(rs.getString("request_config")),
        JsonColumns.read(rs.getString("usage"), UsageStatistics.class),
        JsonColumns.read(rs.getString("result_messages"), MESSAGES),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "completed_at"));
  }
}
