package dev.engram.agentapi.agent;

import dev.engram.agentapi.JsonColumns;
import dev.engram.agentapi.Like;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolRule;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code agents} table. */
@ApplicationScoped
public class AgentRepository {
  private static final String COLUMNS = "id, name, agent_type, system, description, llm_config, embedding, tags, "
      + "metadata, timezone, message_buffer_autoclear, created_by_id, last_updated_by_id, created_at, updated_at, "
      + "last_run_completion, last_run_duration_ms, last_stop_reason, tool_rules, compaction_settings";

  private static final TypeReference<List<ToolRule>> RULES = new TypeReference<>() {
  };

  private final Sql sql;

  AgentRepository(Sql sql) {
    this.sql = sql;
  }

  /** Inserts a new agent. */
  public void insert(AgentRecord a) {
    sql.update("INSERT INTO agents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?)",
        a.id(), a.name(), a.agentType(), a.system(), a.description(), JsonColumns.of(a.llmConfig()), a.embedding(),
        a.tags(), JsonColumns.of(a.metadata()), a.timezone(), a.messageBufferAutoclear(), a.createdById(),
        a.lastUpdatedById(), a.createdAt(), a.updatedAt(), a.lastRunCompletion(), a.lastRunDurationMs(),
        a.lastStopReason(), JsonColumns.of(a.toolRules(), RULES), JsonColumns.of(a.compactionSettings()));
  }

  /** Writes the editable fields of an agent. */
  public void update(AgentRecord a) {
    sql.update("UPDATE agents SET name = ?, system = ?, description = ?, llm_config = ?, tags = CAST(? AS text[]), "
            + "metadata = ?, timezone = ?, message_buffer_autoclear = ?, last_updated_by_id = ?, updated_at = ?, "
            + "tool_rules = ?, compaction_settings = ? "
            + "WHERE id = ?",
        a.name(), a.system(), a.description(), JsonColumns.of(a.llmConfig()), a.tags(), JsonColumns.of(a.metadata()),
        a.timezone(), a.messageBufferAutoclear(), a.lastUpdatedById(), a.updatedAt(), JsonColumns.of(a.toolRules(), RULES),
        JsonColumns.of(a.compactionSettings()), a.id());
  }

  /** One agent. */
  public Optional<AgentRecord> find(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM agents WHERE id = ?", AgentRepository::map, id);
  }

  /** The agents with these ids that exist, in one query. */
  public List<AgentRecord> findAll(List<String> ids) {
    return ids.isEmpty() ? List.of()
        : sql.query("SELECT " + COLUMNS + " FROM agents WHERE id = ANY(?)", AgentRepository::map, ids);
  }

  /**
   * One agent, row-locked until the transaction ends: the lock serialises sends to one agent so
   * their runs enter the inbox in the order they were accepted.
   */
  public Optional<AgentRecord> lock(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM agents WHERE id = ? FOR UPDATE", AgentRepository::map, id);
  }

  /** Whether the agent exists. */
  public boolean exists(String id) {
    return sql.queryOne("SELECT 1 FROM agents WHERE id = ?", rs -> true, id).isPresent();
  }

  /** Deletes an agent; its tool attachments and runs go with it. */
  public boolean delete(String id) {
    return sql.update("DELETE FROM agents WHERE id = ?", id) == 1;
  }

  /** Records how the agent's latest run ended (Letta's {@code last_run_*} fields). */
  public void recordRunEnd(String id, Instant completedAt, Long durationMs, String stopReason) {
    sql.update("UPDATE agents SET last_run_completion = ?, last_run_duration_ms = ?, last_stop_reason = ? "
        + "WHERE id = ? AND (last_run_completion IS NULL OR last_run_completion <= ?)",
        completedAt, durationMs, stopReason, id, completedAt);
  }

  /** A page of agents, filtered. */
  public List<AgentRecord> page(AgentQuery q) {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> params = new ArrayList<>();
    if (q.name() != null) {
      where.append(" AND name = ?");
      params.add(q.name());
    }
    if (!q.tags().isEmpty()) {
      where.append(q.matchAllTags() ? " AND tags @> CAST(? AS text[])" : " AND tags && CAST(? AS text[])");
      params.add(q.tags());
    }
    if (q.queryText() != null && !q.queryText().isBlank()) {
      where.append(" AND name ILIKE ?");
      params.add(Like.contains(q.queryText()));
    }
    if (q.after() != null) {
      where.append(q.ascending() ? " AND (created_at, id) > " : " AND (created_at, id) < ")
          .append("(SELECT created_at, id FROM agents WHERE id = ?)");
      params.add(q.after());
    }
    if (q.before() != null) {
      where.append(q.ascending() ? " AND (created_at, id) < " : " AND (created_at, id) > ")
          .append("(SELECT created_at, id FROM agents WHERE id = ?)");
      params.add(q.before());
    }
    String dir = q.ascending() ? "ASC" : "DESC";
    params.add(q.limit());
    return sql.query("SELECT " + COLUMNS + " FROM agents" + where + " ORDER BY created_at " + dir + ", id " + dir
        + " LIMIT ?", AgentRepository::map, params.toArray());
  }

  private static AgentRecord map(ResultSet rs) throws SQLException {
    long durationValue = rs.getLong("last_run_duration_ms");
    Long duration = rs.wasNull() ? null : durationValue;
    return new AgentRecord(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("agent_type"),
        rs.getString("system"),
        rs.getString("description"),
        JsonColumns.read(rs.getString("llm_config"), LlmConfig.class),
        rs.getString("embedding"),
        Arrays.asList((String[]) rs.getArray("tags").getArray()),
        JsonColumns.map(rs.getString("metadata")),
        rs.getString("timezone"),
        rs.getBoolean("message_buffer_autoclear"),
        rs.getString("created_by_id"),
        rs.getString("last_updated_by_id"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "last_run_completion"),
        duration,
        rs.getString("last_stop_reason"),
        JsonColumns.read(rs.getString("tool_rules"), RULES),
        JsonColumns.read(rs.getString("compaction_settings"), CompactionSettings.class));
  }
}
