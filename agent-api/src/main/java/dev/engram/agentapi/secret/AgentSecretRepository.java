package dev.engram.agentapi.secret;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The {@code agent_secrets} table. */
@ApplicationScoped
public class AgentSecretRepository {
  private final Sql sql;

  AgentSecretRepository(Sql sql) {
    this.sql = sql;
  }

  /** The agent's secrets ordered by key. */
  public List<AgentSecret> forAgent(String agentId) {
    return sql.query("SELECT id, agent_id, key, value, created_at, updated_at FROM agent_secrets "
        + "WHERE agent_id = ? ORDER BY key", AgentSecretRepository::map, agentId);
  }

  /** Inserts the secret, or replaces the value of the agent's secret with the same key (keeping its id). */
  public void upsert(AgentSecret s) {
    sql.update("INSERT INTO agent_secrets (id, agent_id, key, value, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agent_id, key) DO UPDATE SET value = EXCLUDED.value, "
            + "updated_at = EXCLUDED.updated_at WHERE agent_secrets.value <> EXCLUDED.value",
        s.id(), s.agentId(), s.key(), s.value(), s.createdAt(), s.updatedAt());
  }

  /** Deletes the agent's secrets whose key is not in {@code keep}. */
  public void deleteOthers(String agentId, List<String> keep) {
    sql.update("DELETE FROM agent_secrets WHERE agent_id = ? AND NOT (key = ANY (CAST(? AS text[])))",
        agentId, keep);
  }

  private static AgentSecret map(ResultSet rs) throws SQLException {
    return new AgentSecret(rs.getString("id"), rs.getString("agent_id"), rs.getString("key"), rs.getString("value"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
  }
}
