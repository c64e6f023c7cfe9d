package dev.engram.memory.recall;

import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** SQL access to {@code recall_messages}; raw SQL because the search is PostgreSQL full-text plus ILIKE. */
@ApplicationScoped
public class RecallRepository {
  private final Sql sql;

  RecallRepository(Sql sql) {
    this.sql = sql;
  }

  /** Indexes one message; a message already indexed is left as it is. Returns whether it was new. */
  public boolean insert(String agentId, RecallEntry entry) {
    return sql.update("""
        INSERT INTO recall_messages (message_id, agent_id, run_id, role, text, created_at)
        VALUES (?, ?, ?, ?, ?, COALESCE(?, now()))
        ON CONFLICT (message_id) DO NOTHING""",
        entry.messageId(), agentId, entry.runId(), entry.role(), entry.text() == null ? "" : entry.text(),
        entry.createdAt()) == 1;
  }

  /** Messages indexed for the agent. */
  public long count(String agentId) {
    return sql.queryOne("SELECT count(*) FROM recall_messages WHERE agent_id = ?", rs -> rs.getLong(1), agentId)
        .orElse(0L);
  }

  /**
   * Newest matches first. Tool messages never match: they hold tool returns, and searching them would
   * nest earlier search results into new ones (Letta excludes them for the same reason). A text query
   * matches by full-text search (stemmed words, quoted phrases, OR, -word) or, so that single words,
   * names and stop words still match, by case-insensitive substring.
   */
  public List<RecallHit> search(RecallQuery q) {
    StringBuilder where = new StringBuilder("agent_id = ? AND role <> 'tool' AND text <> ''");
    List<Object> params = new ArrayList<>();
    params.add(q.agentId());
    if (q.roles() != null && !q.roles().isEmpty()) {
      where.append(" AND role = ANY(?::text[])");
      params.add(q.roles().toArray(String[]::new));
    }
    if (q.start() != null) {
      where.append(" AND created_at >= ?");
      params.add(q.start());
    }
    if (q.end() != null) {
      where.append(" AND created_at <= ?");
      params.add(q.end());
    }
    if (q.query() != null && !q.query().isBlank()) {
      where.append(" AND (search_vector @@ websearch_to_tsquery('english', ?) OR text ILIKE ? ESCAPE '\\')");
      params.add(q.query());
      params.add("%" + escapeLike(q.query().trim()) + "%");
    }
    params.add(q.limit());
    return sql.query("SELECT message_id, role, text, created_at FROM recall_messages WHERE " + where
            + " ORDER BY created_at DESC, message_id DESC LIMIT ?",
        rs -> new RecallHit(rs.getString("message_id"), rs.getString("role"), rs.getString("text"),
            Sql.instant(rs, "created_at")),
        params.toArray());
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
