package dev.engram.steprunner.persistence;

import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** A run's MessageChunk numbering and the message parts it already streamed as token deltas. */
@ApplicationScoped
public class RunChunkRepository {
  private final Sql sql;

  RunChunkRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * Reserves the next {@code count} seq ids of a run and returns the first; the row lock it takes orders
   * concurrent reservations, and the reservation commits with the chunks that use it.
   */
  public long reserve(String runId, int count) {
    long last = sql.queryOne("UPDATE agent_queue SET chunk_seq = chunk_seq + ? WHERE run_id = ? RETURNING chunk_seq",
            rs -> rs.getLong(1), count, runId)
        .orElseThrow(() -> new IllegalStateException("Run " + runId + " is not in the agent queue"));
    return last - count + 1;
  }

  /** Records message parts (otids) of a run whose text went out as token deltas. */
  public void markStreamed(String runId, Collection<String> otids) {
    if (!otids.isEmpty()) {
      sql.update("INSERT INTO streamed_parts (run_id, otid) SELECT ?, unnest(?::text[]) ON CONFLICT DO NOTHING",
          runId, otids);
    }
  }

  /** The parts of a run already streamed as token deltas. */
  public Set<String> streamed(String runId) {
    return new HashSet<>(sql.query("SELECT otid FROM streamed_parts WHERE run_id = ?", rs -> rs.getString(1), runId));
  }

  /** Forgets a finished run's streamed parts (nothing of it is published any more). */
  public void forget(String runId) {
    sql.update("DELETE FROM streamed_parts WHERE run_id = ?", runId);
  }
}
