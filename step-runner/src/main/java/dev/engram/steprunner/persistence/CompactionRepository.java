package dev.engram.steprunner.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.contracts.Json;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The {@code compactions} table and the message updates that install a summary. */
@ApplicationScoped
public class CompactionRepository {
  /** States of a compaction. */
  public static final String REQUESTED = "requested";
  public static final String SUMMARIZED = "summarized";
  public static final String FAILED = "failed";
  public static final String TIMED_OUT = "timed_out";
  public static final String INSTALLED = "installed";

  private static final TypeReference<List<String>> IDS = new TypeReference<>() {
  };
  private static final String COLUMNS = "id, agent_id, conversation_id, run_id, trigger, mode, status, evicted_ids, "
      + "previous_summary_id, messages_before, summary, error, summary_message_id, messages_after";

  /** One compaction. */
  public record Compaction(String id, String agentId, String conversationId, String runId, String trigger,
      String mode, String status, List<String> evictedIds, String previousSummaryId, int messagesBefore,
      String summary, String error, String summaryMessageId, Integer messagesAfter) {

    /** The conversation whose window this compaction shrinks. */
    public ConversationKey conversation() {
      return new ConversationKey(agentId, conversationId);
    }
  }

  private final Sql sql;

  CompactionRepository(Sql sql) {
    this.sql = sql;
  }

  /** Records a requested compaction. */
  public void insert(String id, ConversationKey conversation, String runId, String trigger, String mode,
      List<String> evictedIds, String previousSummaryId, int messagesBefore) {
    sql.update("INSERT INTO compactions (id, agent_id, conversation_id, run_id, trigger, mode, status, evicted_ids, "
            + "previous_summary_id, messages_before) VALUES (?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?)",
        id, conversation.agentId(), conversation.conversationId(), runId, trigger, mode,
        new Sql.Json(Json.write(evictedIds)), previousSummaryId, messagesBefore);
  }

  /** The conversation's compaction that was requested but not installed yet (after a crash), if any. */
  public Optional<Compaction> open(ConversationKey conversation) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM compactions WHERE agent_id = ? AND conversation_id = ? "
        + "AND status IN ('requested', 'summarized') ORDER BY requested_at DESC LIMIT 1", CompactionRepository::map,
        conversation.agentId(), conversation.conversationId());
  }

  /** One compaction by id. */
  public Optional<Compaction> find(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM compactions WHERE id = ?", CompactionRepository::map, id);
  }

  /** The compaction a queued summarize operation ran. */
  public Optional<Compaction> byRun(String runId) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM compactions WHERE run_id = ? ORDER BY requested_at DESC "
        + "LIMIT 1", CompactionRepository::map, runId);
  }

  /** Records the summarizer's answer; false if the request was answered or given up already. */
  public boolean answer(String id, String status, String summary, String error) {
    return sql.update("UPDATE compactions SET status = ?, summary = ?, error = ?, answered_at = now() "
        + "WHERE id = ? AND status = 'requested'", status, summary, error, id) == 1;
  }

  /** Marks an installed compaction. */
  public void installed(String id, String summaryMessageId, int messagesAfter) {
    sql.update("UPDATE compactions SET status = 'installed', summary_message_id = ?, messages_after = ? WHERE id = ?",
        summaryMessageId, messagesAfter, id);
  }

  /** Inserts a summary message at the head of the conversation's window (right after the system prompt). */
  public void insertSummaryMessage(ConversationKey conversation, StoredMessage m) {
    sql.update("INSERT INTO messages (id, agent_id, conversation_id, run_id, step_id, role, content, in_context, "
            + "context_rank) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, 1)", m.id(), conversation.agentId(),
        conversation.conversationId(), m.runId(), m.stepId(), m.role().name().toLowerCase(), m.content());
  }

  /** Takes messages out of the context window; they stay in the history (and in recall search). */
  public void evict(String agentId, List<String> messageIds) {
    if (!messageIds.isEmpty()) {
      sql.update("UPDATE messages SET in_context = FALSE WHERE agent_id = ? AND id = ANY(?)", agentId,
          messageIds);
    }
  }

  /** The id of the conversation's summary message in context, if it has one. */
  public Optional<String> summaryMessageId(ConversationKey conversation) {
    return sql.queryOne("SELECT id FROM messages WHERE agent_id = ? AND conversation_id = ? AND in_context "
            + "AND context_rank = 1 ORDER BY seq DESC LIMIT 1", rs -> rs.getString(1), conversation.agentId(),
        conversation.conversationId());
  }

  /** Gives up a compaction that was not installed (its window changed meanwhile); a later answer is ignored. */
  public void abandon(String id, String error) {
    sql.update("UPDATE compactions SET status = 'failed', error = ?, answered_at = now() WHERE id = ? "
        + "AND status IN ('requested', 'summarized')", error, id);
  }

  /** Forgets a deleted agent's compactions. */
  public void deleteAgent(String agentId) {
    sql.update("DELETE FROM compactions WHERE agent_id = ?", agentId);
  }

  private static Compaction map(java.sql.ResultSet rs) throws java.sql.SQLException {
    List<String> evicted;
    try {
      evicted = Json.MAPPER.readValue(rs.getString("evicted_ids"), IDS);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int after = rs.getInt("messages_after");
    return new Compaction(rs.getString("id"), rs.getString("agent_id"), rs.getString("conversation_id"),
        rs.getString("run_id"),
        rs.getString("trigger"), rs.getString("mode"), rs.getString("status"), evicted,
        rs.getString("previous_summary_id"), rs.getInt("messages_before"), rs.getString("summary"),
        rs.getString("error"), rs.getString("summary_message_id"), rs.wasNull() ? null : after);
  }
}
