package dev.engram.steprunner.persistence;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Agent leases: at most one instance drives an agent at a time; a dead instance's lease expires. */
@ApplicationScoped
public class LeaseRepository {
  private final Sql sql;

  LeaseRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * Takes or renews the lease; empty while another instance holds a live one. The returned epoch
   * stays the same as long as no other instance took the agent in between.
   */
  public OptionalLong claim(String agentId, String owner, Duration ttl) {
    return sql.queryOne("INSERT INTO agent_leases (agent_id, owner, lease_until) "
            + "VALUES (?, ?, now() + make_interval(secs => ?)) ON CONFLICT (agent_id) DO UPDATE "
            + "SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, "
            + "epoch = CASE WHEN agent_leases.owner = EXCLUDED.owner THEN agent_leases.epoch "
            + "ELSE agent_leases.epoch + 1 END "
            + "WHERE agent_leases.owner = EXCLUDED.owner OR agent_leases.lease_until < now() RETURNING epoch",
        rs -> rs.getLong(1), agentId, owner, ttl.toMillis() / 1000.0)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /**
   * Gives the lease up (it expires now; the row keeps the epoch) unless the agent's queue holds unfinished runs
   * as of this statement. True: released; false: kept, there is work; empty: the lease is not {@code owner}'s.
   */
  public Optional<Boolean> releaseIfIdle(String agentId, String owner) {
    return sql.queryOne("UPDATE agent_leases SET lease_until = CASE WHEN EXISTS (SELECT 1 FROM agent_queue "
            + "WHERE agent_id = ? AND status <> 'done') THEN lease_until ELSE now() END "
            + "WHERE agent_id = ? AND owner = ? RETURNING lease_until <= now()",
        rs -> rs.getBoolean(1), agentId, agentId, owner);
  }

  /** Gives the lease up (it expires now; the row keeps the epoch). */
  public void release(String agentId, String owner) {
    sql.update("UPDATE agent_leases SET lease_until = now() WHERE agent_id = ? AND owner = ?", agentId, owner);
  }
}
