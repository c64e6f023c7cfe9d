package dev.engram.agentapi.approval;

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

/** The {@code agents.pending_approval} column: the read model's copy of the request an agent waits on. */
@ApplicationScoped
public class PendingApprovalRepository {
  private final Sql sql;

  PendingApprovalRepository(Sql sql) {
    this.sql = sql;
  }

  /** The request the agent waits on, as the read model knows it. */
  public Optional<ApprovalRequestMessage> find(String agentId) {
    return sql.queryOne("SELECT pending_approval FROM agents WHERE id = ? AND pending_approval IS NOT NULL",
        rs -> parse(rs.getString(1)), agentId);
  }

  /**
   * Sets (or clears, with null) the pending request as of the end of a run created at {@code runCreatedAt},
   * unless a later run of the agent already ended (runs refused because of the approval flow do not count): run ends may be applied out of order (a sync request
   * settles its own run before the read-model consumer reached the one before), and the later one knows better.
   */
  public void setAsOf(String agentId, ApprovalRequestMessage request, Instant runCreatedAt) {
    sql.update("UPDATE agents SET pending_approval = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM runs r "
            + "WHERE r.agent_id = ? AND r.created_at > ? AND r.status IN ('completed', 'failed', 'cancelled') "
            + "AND coalesce(r.metadata ->> 'run_type', '') <> 'compaction' "
            + "AND coalesce(r.metadata -> 'error' ->> 'error_type', '') NOT IN (?, ?))",
        request == null ? null : new Sql.Json(Json.write(request)), agentId, agentId, runCreatedAt,
        PendingApprovals.PENDING_ERROR_TYPE, PendingApprovals.INVALID_ERROR_TYPE);
  }

  /** Whether the agent has runs that have not ended (their end may still leave a request pending). */
  public boolean hasActiveRuns(String agentId) {
    return sql.queryOne("SELECT count(*) FROM runs WHERE agent_id = ? AND status IN ('created', 'running')",
        rs -> rs.getLong(1), agentId).orElse(0L) > 0;
  }

  private static ApprovalRequestMessage parse(String json) {
    try {
      return (ApprovalRequestMessage) Json.MAPPER.readValue(json, LettaMessage.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
