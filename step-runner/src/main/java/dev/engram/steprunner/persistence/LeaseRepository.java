package dev.engram.steprunner.persistence;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Agent leases: at most one instance drives an agent at a time; a dead instance's lease expires. */
@ApplicationScoped
public class LeaseRepository {
  private final Sql sql;

  LeaseRepository(Sql sql) {
    this.sql = sql;
  }

  /** Takes or renews the lease; false while another instance holds a live one. */
  public boolean claim(String agentId, String owner, Duration ttl) {
    return sql.update("INSERT INTO agent_leases (agent_id, owner, lease_until) "
            + "VALUES (?, ?, now() + make_interval(secs => ?)) ON CONFLICT (agent_id) DO UPDATE "
            + "SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until "
            + "WHERE agent_leases.owner = EXCLUDED.owner OR agent_leases.lease_until < now()",
        agentId, owner, ttl.toMillis() / 1000.0) == 1;
  }

  /** Gives the lease up. */
  public void release(String agentId, String owner) {
    sql.update("DELETE FROM agent_leases WHERE agent_id = ? AND owner = ?", agentId, owner);
  }
}
