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

  /** The agent's newest created or running send (its compactions left out), the one a conversation resume tails. */
  public Optional<String> newestSend(String agentId) {
    return sql.queryOne("SELECT id FROM runs WHERE agent_id = ? AND status IN ('created', 'running') "
        + "AND metadata->>'run_type' IS DISTINCT FROM ? ORDER BY created_at DESC, id DESC LIMIT 1",
        rs -> rs.getString(1), agentId, RunService.COMPACTION_RUN_TYPE);
  }
}
