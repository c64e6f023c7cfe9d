package dev.engram.agentapi.conversation;

import dev.engram.agentapi.JsonColumns;
import dev.engram.agentapi.Like;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code conversations} table. */
@ApplicationScoped
public class ConversationRepository {
  private static final String COLUMNS = "c.id, c.agent_id, c.summary, c.description, c.hidden, c.archived, "
      + "c.archived_at, c.model, c.model_settings, c.context_window_limit, c.isolated_block_labels, c.created_by_id, "
      + "c.last_updated_by_id, c.created_at, c.updated_at, c.last_message_at";

  private final Sql sql;

  ConversationRepository(Sql sql) {
    this.sql = sql;
  }

  /** Inserts a new conversation. */
  public void insert(ConversationRecord c) {
    sql.update("INSERT INTO conversations (id, agent_id, summary, description, hidden, archived, archived_at, model, "
            + "model_settings, context_window_limit, isolated_block_labels, created_by_id, last_updated_by_id, "
            + "created_at, updated_at, last_message_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?, ?, "
            + "?, ?, ?)",
        c.id(), c.agentId(), c.summary(), c.description(), c.hidden(), c.archived(), c.archivedAt(), c.model(),
        JsonColumns.of(c.modelSettings()), c.contextWindowLimit(), c.isolatedBlockLabels(), c.createdById(),
        c.lastUpdatedById(), c.createdAt(), c.updatedAt(), c.lastMessageAt());
  }

  /** Writes every mutable field of {@code c}. */
  public void update(ConversationRecord c) {
    sql.update("UPDATE conversations SET summary = ?, description = ?, archived = ?, archived_at = ?, model = ?, "
            + "model_settings = ?, context_window_limit = ?, last_updated_by_id = ?, updated_at = ?, "
            + "last_message_at = ? WHERE id = ?",
        c.summary(), c.description(), c.archived(), c.archivedAt(), c.model(), JsonColumns.of(c.modelSettings()),
        c.contextWindowLimit(), c.lastUpdatedById(), c.updatedAt(), c.lastMessageAt(), c.id());
  }

  /** One conversation. */
  public Optional<ConversationRecord> find(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM conversations c WHERE c.id = ?", ConversationRepository::map,
        id);
  }

  /** One conversation, its row locked until the transaction ends. */
  public Optional<ConversationRecord> lock(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM conversations c WHERE c.id = ? FOR UPDATE",
        ConversationRepository::map, id);
  }

  /** Records that a message was sent to the conversation at {@code at}. */
  public void touch(String id, Instant at) {
    sql.update("UPDATE conversations SET last_message_at = ? WHERE id = ?", at, id);
  }

  /** Deletes a conversation; false if there was none. */
  public boolean delete(String id) {
    return sql.update("DELETE FROM conversations WHERE id = ?", id) == 1;
  }

  /**
   * The conversations matching {@code q}, in its order (ties by creation, then id); hidden ones are left out.
   * {@code last_run_completion} is the newest end of the conversation's runs; conversations without one come last.
   */
  public List<ConversationRecord> list(ConversationQuery q) {
    StringBuilder where = new StringBuilder("NOT c.hidden");
    List<Object> params = new ArrayList<>();
    if (q.agentId() != null) {
      where.append(" AND c.agent_id = ?");
      params.add(q.agentId());
    }
    if (q.summarySearch() != null) {
      where.append(" AND c.summary ILIKE ?");
      params.add(Like.contains(q.summarySearch()));
    }
    switch (q.archiveStatus()) {
      case "archived" -> where.append(" AND c.archived");
      case "unarchived" -> where.append(" AND NOT c.archived");
      default -> {
      }
    }
    String direction = q.ascending() ? "ASC" : "DESC";
    String key = switch (q.orderBy()) {
      case "last_message_at" -> "c.last_message_at";
      case "last_run_completion" -> "(SELECT max(r.completed_at) FROM runs r WHERE r.conversation_id = c.id)";
      default -> "c.created_at";
    };
    return sql.query("SELECT " + COLUMNS + " FROM conversations c WHERE " + where + " ORDER BY " + key + " "
        + direction + " NULLS LAST, c.created_at " + direction + ", c.id " + direction, ConversationRepository::map,
        params.toArray());
  }

  private static ConversationRecord map(ResultSet rs) throws SQLException {
    int limitValue = rs.getInt("context_window_limit");
    Integer limit = rs.wasNull() ? null : limitValue;
    return new ConversationRecord(
        rs.getString("id"),
        rs.getString("agent_id"),
        rs.getString("summary"),
        rs.getString("description"),
        rs.getBoolean("hidden"),
        rs.getBoolean("archived"),
        Sql.instant(rs, "archived_at"),
        rs.getString("model"),
        JsonColumns.map(rs.getString("model_settings")),
        limit,
        Arrays.asList((String[]) rs.getArray("isolated_block_labels").getArray()),
        rs.getString("created_by_id"),
        rs.getString("last_updated_by_id"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Sql.instant(rs, "last_message_at"));
  }
}
