package dev.engram.steprunner.persistence;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The {@code pending_approvals} table: which stored approval request each conversation of an agent waits on. */
@ApplicationScoped
public class PendingApprovalRepository {
  /**
   * One agent's pending approval request: the conversation and run and step that stopped for it and its stored
   * message.
   */
  public record PendingApproval(String agentId, String conversationId, String runId, String stepId,
      String messageId) {

    /** The conversation the request waits in. */
    public ConversationKey conversation() {
      return new ConversationKey(agentId, conversationId);
    }
  }

  private final Sql sql;

  PendingApprovalRepository(Sql sql) {
    this.sql = sql;
  }

  /** Records the request a conversation now waits on (replacing an older one, which cannot be answered any more). */
  public void record(String agentId, String conversationId, String runId, String stepId, String messageId) {
    sql.update("INSERT INTO pending_approvals (agent_id, conversation_id, run_id, step_id, message_id) "
        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (agent_id, conversation_id) DO UPDATE SET run_id = excluded.run_id, "
        + "step_id = excluded.step_id, message_id = excluded.message_id, created_at = now()", agentId, conversationId,
        runId, stepId, messageId);
  }

  /** The request the conversation waits on, if any. */
  public Optional<PendingApproval> find(ConversationKey conversation) {
    return sql.queryOne("SELECT agent_id, conversation_id, run_id, step_id, message_id FROM pending_approvals "
            + "WHERE agent_id = ? AND conversation_id = ?", rs -> new PendingApproval(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), conversation.agentId(),
        conversation.conversationId());
  }

  /** Clears the request once answered; false if it was no longer pending. */
  public boolean resolve(String agentId, String messageId) {
    return sql.update("DELETE FROM pending_approvals WHERE agent_id = ? AND message_id = ?", agentId, messageId) == 1;
  }

  /** Forgets a deleted agent's pending request. */
  public void deleteAgent(String agentId) {
    sql.update("DELETE FROM pending_approvals WHERE agent_id = ?", agentId);
  }
}
