package dev.engram.agentapi.run;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

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
}
