package dev.engram.agentapi.run;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The runs of an agent that have not ended (created or running), oldest first. */
@ApplicationScoped
public class ActiveRuns {
  private final Sql sql;

  ActiveRuns(Sql sql) {
    this.sql = sql;
  }

  /** Ids of the agent's created and running runs. */
  public List<String> of(String agentId) {
    return sql.query("SELECT id FROM runs WHERE agent_id = ? AND status IN ('created', 'running') "
        + "ORDER BY created_at, id", rs -> rs.getString(1), agentId);
  }

  /** Ids of the created and running runs of one conversation of the agent (null: its default conversation). */
  public List<String> of(String agentId, String conversationId) {
    return sql.query("SELECT id FROM runs WHERE agent_id = ? AND status IN ('created', 'running') AND "
        + CONVERSATION + " ORDER BY created_at, id", rs -> rs.getString(1), agentId, conversationId);
  }

  /**
   * The newest created or running send (compactions left out) of one conversation of the agent (null: its default
   * conversation), the one a conversation resume tails.
   */
  public Optional<String> newestSend(String agentId, String conversationId) {
    return sql.queryOne("SELECT id FROM runs WHERE agent_id = ? AND status IN ('created', 'running') AND "
        + CONVERSATION + " AND metadata->>'run_type' IS DISTINCT FROM ? ORDER BY created_at DESC, id DESC LIMIT 1",
        rs -> rs.getString(1), agentId, conversationId, RunService.COMPACTION_RUN_TYPE);
  }

  /** Matches the runs of conversation {@code ?}, the default conversation's (null conversation_id) for null. */
  private static final String CONVERSATION = "conversation_id IS NOT DISTINCT FROM CAST(? AS text)";
}
