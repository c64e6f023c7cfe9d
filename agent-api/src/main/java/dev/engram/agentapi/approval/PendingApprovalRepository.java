package dev.engram.agentapi.approval;

import dev.engram.agentapi.conversation.ConversationTarget;
import dev.engram.contracts.Json;
import dev.engram.contracts.PendingApprovals;
import dev.engram.contracts.message.ApprovalRequestMessage;
import dev.engram.contracts.message.LettaMessage;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code pending_approvals} table: the read model's copy of the request each conversation of an agent waits on
 * ({@code conversationId} null or {@code default}: the agent's default conversation).
 */
@ApplicationScoped
public class PendingApprovalRepository {
  private final Sql sql;

  PendingApprovalRepository(Sql sql) {
    this.sql = sql;
  }

  /** The request the conversation waits on, as the read model knows it. */
  public Optional<ApprovalRequestMessage> find(String agentId, String conversationId) {
    return sql.queryOne("SELECT request FROM pending_approvals WHERE agent_id = ? AND conversation_id = ?",
        rs -> parse(rs.getString(1)), agentId, ConversationTarget.keyOf(conversationId));
  }

  /**
   * Sets (or clears, with null) the conversation's pending request as of the end of a run created at
   * {@code runCreatedAt}, unless a later run of the same conversation already ended (runs refused because of the
   * approval flow do not count): run ends may be applied out of order (a sync request settles its own run before the
   * read-model consumer reached the one before), and the later one knows better.
   */
  public void setAsOf(String agentId, String conversationId, ApprovalRequestMessage request, Instant runCreatedAt) {
    String conversation = ConversationTarget.keyOf(conversationId);
    String later = "SELECT 1 FROM runs r WHERE r.agent_id = ? AND coalesce(r.conversation_id, 'default') = ? "
        + "AND r.created_at > ? AND r.status IN ('completed', 'failed', 'cancelled') "
        + "AND coalesce(r.metadata ->> 'run_type', '') <> 'compaction' "
        + "AND coalesce(r.metadata -> 'error' ->> 'error_type', '') NOT IN (?, ?)";
    Object[] laterArgs = {agentId, conversation, runCreatedAt, PendingApprovals.PENDING_ERROR_TYPE,
        PendingApprovals.INVALID_ERROR_TYPE};
    if (request == null) {
      sql.update("DELETE FROM pending_approvals WHERE agent_id = ? AND conversation_id = ? AND NOT EXISTS ("
          + later + ")", concat(new Object[] {agentId, conversation}, laterArgs));
    } else {
      sql.update("INSERT INTO pending_approvals (agent_id, conversation_id, request) SELECT ?, ?, ? WHERE NOT EXISTS ("
          + later + ") ON CONFLICT (agent_id, conversation_id) DO UPDATE SET request = excluded.request",
          concat(new Object[] {agentId, conversation, new Sql.Json(Json.write(request))}, laterArgs));
    }
  }

  /** Whether the conversation has runs that have not ended (their end may still leave a request pending). */
  public boolean hasActiveRuns(String agentId, String conversationId) {
    return sql.queryOne("SELECT count(*) FROM runs WHERE agent_id = ? AND coalesce(conversation_id, 'default') = ? "
        + "AND status IN ('created', 'running')", rs -> rs.getLong(1), agentId,
        ConversationTarget.keyOf(conversationId)).orElse(0L) > 0;
  }

  private static Object[] concat(Object[] first, Object[] second) {
    Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  private static ApprovalRequestMessage parse(String json) {
    try {
      return (ApprovalRequestMessage) Json.MAPPER.readValue(json, LettaMessage.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
