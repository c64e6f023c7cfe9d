package dev.engram.agentapi.callback;

import dev.engram.agentapi.JsonColumns;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The callback columns of {@code runs}: registering a webhook, claiming due deliveries, recording attempts. */
@ApplicationScoped
public class CallbackRepository {
  /** Terminal callback states. */
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  private final Sql sql;

  CallbackRepository(Sql sql) {
    this.sql = sql;
  }

  /** Gives a run a webhook to deliver once it ends. */
  public void register(String runId, String url) {
    sql.update("UPDATE runs SET callback_url = ?, callback_state = 'pending' WHERE id = ?", url, runId);
  }

  /**
   * Claims up to {@code limit} due deliveries for {@code lease}: ended runs with a pending webhook whose retry time
   * has come and that no live claim holds. One statement with {@code SKIP LOCKED}, so concurrent replicas claim
   * disjoint rows; each claim counts as an attempt.
   */
  public List<DueCallback> claimDue(int limit, Duration lease) {
    return sql.query("UPDATE runs r SET callback_claimed_until = now() + CAST(? AS double precision) * interval '1 millisecond', "
            + "callback_attempts = r.callback_attempts + 1 "
            + "WHERE r.id IN (SELECT id FROM runs WHERE callback_state = 'pending' AND completed_at IS NOT NULL "
            + "AND (callback_next_at IS NULL OR callback_next_at <= now()) "
            + "AND (callback_claimed_until IS NULL OR callback_claimed_until <= now()) "
            + "ORDER BY completed_at LIMIT ? FOR UPDATE SKIP LOCKED) "
            + "RETURNING r.id, r.agent_id, r.callback_url, r.callback_attempts, r.status, r.stop_reason, "
            + "r.completed_at, r.metadata",
        rs -> new DueCallback(rs.getString("id"), rs.getString("agent_id"), rs.getString("callback_url"),
            rs.getInt("callback_attempts"), rs.getString("status"), rs.getString("stop_reason"),
            Sql.instant(rs, "completed_at"), JsonColumns.map(rs.getString("metadata"))),
        lease.toMillis(), limit);
  }

  /**
   * Records how an attempt went and releases the claim: {@code state} stays {@code pending} with a retry time, or
   * becomes {@code delivered} / {@code failed}.
   */
  public void recordAttempt(String runId, Instant sentAt, Integer statusCode, String error, String state,
      Instant nextAt) {
    sql.update("UPDATE runs SET callback_sent_at = ?, callback_status_code = ?, callback_error = ?, "
            + "callback_state = ?, callback_next_at = ?, callback_claimed_until = NULL "
            + "WHERE id = ? AND callback_state = 'pending'",
        sentAt, statusCode, error, state, nextAt, runId);
  }
}
