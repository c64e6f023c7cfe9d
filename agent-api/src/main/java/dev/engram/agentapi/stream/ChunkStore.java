package dev.engram.agentapi.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code run_chunks} table: each run's durable stream log (ADR 0008). */
@ApplicationScoped
public class ChunkStore {
  private final Sql sql;

  ChunkStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * Stores one chunk; a chunk already stored (same run and seq_id) is left as it is. A whole message whose
   * token deltas were stored before is marked, so that a token stream does not send its text twice.
   */
  public void append(MessageChunk chunk) {
    JsonNode message = Json.MAPPER.valueToTree(chunk.message());
    String type = message.path("message_type").asText();
    String key = type + ":" + message.path("id").asText() + ":" + message.path("otid").asText("");
    boolean afterDeltas = !chunk.delta() && sql.queryOne(
        "SELECT 1 FROM run_chunks WHERE run_id = ? AND delta AND message_key = ? LIMIT 1",
        rs -> true, chunk.runId(), key).isPresent();
    sql.update("INSERT INTO run_chunks (run_id, seq_id, kind, delta, message_type, message_key, after_deltas, "
            + "payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, seq_id) DO NOTHING",
        chunk.runId(), chunk.seqId(), StoredChunk.MESSAGE, chunk.delta(), type, key, afterDeltas,
        message.toString(), chunk.emittedAt() == null ? Instant.now() : chunk.emittedAt());
  }

  /** Appends the run's end marker after its last chunk, once. */
  public void end(String runId, EndOfRun end) {
    sql.update("INSERT INTO run_chunks (run_id, seq_id, kind, payload, created_at) "
            + "SELECT ?, COALESCE(MAX(seq_id), 0) + 1, ?, ?, ? FROM run_chunks WHERE run_id = ? "
            + "AND NOT EXISTS (SELECT 1 FROM run_chunks WHERE run_id = ? AND kind = ?) "
            + "ON CONFLICT (run_id, seq_id) DO NOTHING",
        runId, StoredChunk.END, Json.write(end), Instant.now(), runId, runId, StoredChunk.END);
  }

  /** Up to {@code limit} rows of the run after {@code afterSeq}, in order. */
  public List<StoredChunk> after(String runId, long afterSeq, int limit) {
    return sql.query("SELECT seq_id, kind, delta, after_deltas, message_type, payload FROM run_chunks "
        + "WHERE run_id = ? AND seq_id > ? ORDER BY seq_id LIMIT ?", ChunkStore::map, runId, afterSeq, limit);
  }

  /** The last seq_id stored for a run (0 if none) and whether its end marker is stored. */
  public record Tail(long maxSeq, boolean ended) {
  }

  /** The run's {@link Tail}, in one query. */
  public Tail tail(String runId) {
    return sql.queryOne("SELECT COALESCE(MAX(seq_id), 0) AS max_seq, COALESCE(BOOL_OR(kind = ?), false) AS ended "
        + "FROM run_chunks WHERE run_id = ?", rs -> new Tail(rs.getLong("max_seq"), rs.getBoolean("ended")),
        StoredChunk.END, runId).orElse(new Tail(0, false));
  }

  /** Whether the run's end marker is stored. */
  public boolean hasEnd(String runId) {
    return sql.queryOne("SELECT 1 FROM run_chunks WHERE run_id = ? AND kind = ? LIMIT 1", rs -> true, runId,
        StoredChunk.END).isPresent();
  }

  /** Deletes the rows older than {@code before}; returns how many went. */
  public int purge(Instant before) {
    return sql.update("DELETE FROM run_chunks WHERE created_at < ?", before);
  }

  private static StoredChunk map(ResultSet rs) throws SQLException {
    return new StoredChunk(rs.getLong("seq_id"), StoredChunk.END.equals(rs.getString("kind")), rs.getBoolean("delta"),
        rs.getBoolean("after_deltas"), rs.getString("message_type"), rs.getString("payload"));
  }
}
