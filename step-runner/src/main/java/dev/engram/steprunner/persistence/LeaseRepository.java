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

  /** What {@link #nextOrRelease} found: the agent's next run, or none and whether the lease was given up. */
  public record Next(Optional<QueueRepository.QueuedRun> run, boolean released) {
  }

  /**
   * The oldest unfinished run of the agent; when there is none, gives {@code owner}'s lease up (it expires now; the
   * row keeps the epoch) in the same statement, so a run queued after it looked is found by the next claimant,
   * whose claim waited for this lease. {@code released} is false when there is no run and the lease is not
   * {@code owner}'s.
   */
  public Next nextOrRelease(String agentId, String owner) {
    return sql.queryOne("WITH next AS (" + QueueRepository.HEAD + "), released AS (UPDATE agent_leases SET lease_until = now() WHERE agent_id = ? AND owner = ? "
            + "AND NOT EXISTS (SELECT 1 FROM next) RETURNING 1) "
            + "SELECT n.seq, n.agent_id, n.run_id, n.status, n.event, EXISTS (SELECT 1 FROM released) "
            + "FROM (VALUES (1)) AS one LEFT JOIN next n ON true",
        rs -> rs.getString(3) == null ? new Next(Optional.empty(), rs.getBoolean(6))
            : new Next(Optional.of(QueueRepository.map(rs)), false),
        agentId, agentId, owner).orElseThrow();
  }

  /** Gives the lease up (it expires now; the row keeps the epoch). */
  public void release(String agentId, String owner) {
    sql.update("UPDATE agent_leases SET lease_until = now() WHERE agent_id = ? AND owner = ?", agentId, owner);
  }
}
