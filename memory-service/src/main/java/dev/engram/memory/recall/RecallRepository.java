package dev.engram.memory.recall;

import dev.engram.contracts.events.MessagesPersisted.RecallEntry;
import dev.engram.memory.embedding.Vectors;
import dev.engram.platform.db.Sql;
import dev.engram.platform.messaging.ProcessedEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * SQL access to {@code recall_messages}. Raw SQL because recall search is PostgreSQL full text
 * ({@code websearch_to_tsquery}, {@code ts_rank}) plus vectors stored as BYTEA.
 */
@ApplicationScoped
public class RecallRepository {
  private static final String HIT_COLUMNS = "message_id, role, text, thinking, created_at";

  private final Sql sql;
  private final DataSource dataSource;

  /** Joins a message's tool names for the statement, which splits them again (tool names never hold it). */
  private static final String TOOL_NAME_SEPARATOR = "\u001f";

  RecallRepository(Sql sql, DataSource dataSource) {
    this.sql = sql;
    this.dataSource = dataSource;
  }

  /** A searchable message still without an embedding; {@code document} is the text to embed. */
  public record Unembedded(String messageId, String agentId, String role, Instant createdAt, String document) {
  }

  /** A message's embedding with what the vector scan filters by. */
  public record StoredVector(String messageId, String role, Instant createdAt, float[] vector) {
  }

  /** A message read back with its embedding (null when not embedded yet). */
  public record EmbeddedHit(RecallHit hit, float[] vector) {
  }

  /**
   * Indexes an event's messages and records the event as processed by {@code consumer}, in one statement (so
   * without a transaction): on a redelivery nothing is written, and a message already indexed is left as it is.
   * Returns how many messages were new.
   */
  public int insertOnce(String consumer, String eventId, String agentId, List<RecallEntry> entries) {
    int n = entries.size();
    List<String> ids = new ArrayList<>(n);
    List<String> runs = new ArrayList<>(n);
    List<String> roles = new ArrayList<>(n);
    List<String> texts = new ArrayList<>(n);
    List<String> thinking = new ArrayList<>(n);
    List<String> tools = new ArrayList<>(n);
    List<String> created = new ArrayList<>(n);
    for (RecallEntry e : entries) {
      ids.add(e.messageId());
      runs.add(e.runId());
      roles.add(e.role());
      texts.add(e.text() == null ? "" : e.text());
      thinking.add(emptyToNull(e.reasoning()));
      tools.add(e.toolNames() == null ? "" : String.join(TOOL_NAME_SEPARATOR, e.toolNames()));
      created.add(e.createdAt() == null ? null : e.createdAt().toString());
    }
    return sql.queryOne("WITH " + ProcessedEvents.FIRST_DELIVERY_CTE + ", added AS ("
        + "INSERT INTO recall_messages (message_id, agent_id, run_id, role, text, thinking, tool_names, created_at) "
        + "SELECT m.message_id, ?, m.run_id, m.role, m.text, m.thinking, string_to_array(m.tools, ?), "
        + "COALESCE(m.created_at::timestamptz, now()) "
        + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
        + "AS m(message_id, run_id, role, text, thinking, tools, created_at) WHERE EXISTS (SELECT 1 FROM first) "
        + "ON CONFLICT (message_id) DO NOTHING RETURNING 1) SELECT count(*) FROM added",
        rs -> rs.getInt(1), consumer, eventId, agentId, TOOL_NAME_SEPARATOR, ids, runs, roles, texts, thinking, tools,
        created).orElse(0);
  }

  /** Messages indexed for the agent (every role, as Letta's recall count). */
  public long count(String agentId) {
    return sql.queryOne("SELECT count(*) FROM recall_messages WHERE agent_id = ?", rs -> rs.getLong(1), agentId)
        .orElse(0L);
  }

  /** The newest searchable messages passing the query's filters. */
  public List<RecallHit> newest(RecallQuery q) {
    List<Object> params = new ArrayList<>();
    String where = filters(q, params);
    params.add(q.limit());
    return sql.query("SELECT " + HIT_COLUMNS + " FROM recall_messages WHERE " + where
        + " ORDER BY created_at DESC, message_id DESC LIMIT ?", RecallRepository::hit, params.toArray());
  }

  /**
   * Full-text matches ranked by {@code ts_rank} (stemmed words, quoted phrases, OR, -word), newest first
   * among equals. Empty when the query has no searchable word (only stop words, say).
   */
  public List<RecallHit> fullText(RecallQuery q, int depth) {
    List<Object> params = new ArrayList<>();
    params.add(q.query());
    String where = filters(q, params);
    params.add(depth);
    return sql.query("SELECT " + HIT_COLUMNS + " FROM recall_messages, websearch_to_tsquery('english', ?) tsq"
        + " WHERE " + where + " AND search_vector @@ tsq"
        + " ORDER BY ts_rank(search_vector, tsq, 1) DESC, created_at DESC, message_id DESC LIMIT ?",
        RecallRepository::hit, params.toArray());
  }

  /**
   * Case-insensitive substring matches, newest first: what finds a name fragment or a stop word that
   * full-text search cannot (Letta's SQL search is this ILIKE).
   */
  public List<RecallHit> substring(RecallQuery q, int depth) {
    List<Object> params = new ArrayList<>();
    String where = filters(q, params);
    params.add("%" + escapeLike(q.query().trim()) + "%");
    params.add(depth);
    return sql.query("SELECT " + HIT_COLUMNS + " FROM recall_messages WHERE " + where
        + " AND (COALESCE(thinking, '') || ' ' || text) ILIKE ? ESCAPE '\\'"
        + " ORDER BY created_at DESC, message_id DESC LIMIT ?", RecallRepository::hit, params.toArray());
  }

  /** The agent's searchable messages with these ids, with their embeddings. */
  public List<EmbeddedHit> withEmbeddings(String agentId, List<String> messageIds) {
    if (messageIds.isEmpty()) {
      return List.of();
    }
    return sql.query("SELECT " + HIT_COLUMNS + ", embedding FROM recall_messages"
            + " WHERE agent_id = ? AND searchable AND message_id = ANY(?::text[])",
        rs -> {
          byte[] bytes = rs.getBytes("embedding");
          return new EmbeddedHit(hit(rs), bytes == null ? null : Vectors.fromBytes(bytes));
        }, agentId, messageIds.toArray(String[]::new));
  }

  /**
   * Locks up to {@code limit} searchable messages without an embedding, oldest first, skipping rows another
   * worker holds; call inside the transaction that stores their embeddings.
   */
  public List<Unembedded> claimUnembedded(int limit) {
    return sql.query("SELECT message_id, agent_id, role, created_at, thinking, text FROM recall_messages"
            + " WHERE embedding IS NULL AND searchable ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED",
        rs -> new Unembedded(rs.getString("message_id"), rs.getString("agent_id"), rs.getString("role"),
            Sql.instant(rs, "created_at"), document(rs.getString("thinking"), rs.getString("text"))), limit);
  }

  /** Stores the embeddings of a batch of messages ({@code vectors.get(i)} is that of {@code messageIds.get(i)}). */
  public void storeEmbeddings(List<String> messageIds, List<float[]> vectors) {
    if (messageIds.size() != vectors.size()) {
      throw new IllegalArgumentException(messageIds.size() + " messages but " + vectors.size() + " embeddings");
    }
    if (messageIds.isEmpty()) {
      return;
    }
    // One statement per batch: the worker embeds up to a batch of messages at a time.
    sql.update("UPDATE recall_messages r SET embedding = v.embedding "
            + "FROM unnest(?::text[], ?::bytea[]) AS v(message_id, embedding) WHERE r.message_id = v.message_id",
        messageIds, vectors.stream().map(Vectors::toBytes).toArray(byte[][]::new));
  }

  /**
   * Streams every embedded searchable message of the agent to {@code sink} through a server-side cursor,
   * so 100k vectors never sit in one JDBC result; {@code sink} may stop the stream by throwing. Runs in a
   * transaction of its own (PostgreSQL only streams inside one), suspending the caller's.
   */
  public void streamVectors(String agentId, Consumer<StoredVector> sink) {
    String query = "SELECT message_id, role, created_at, embedding FROM recall_messages"
        + " WHERE agent_id = ? AND searchable AND embedding IS NOT NULL";
    QuarkusTransaction.requiringNew().run(() -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(query)) {
        s.setFetchSize(2_000);
        s.setString(1, agentId);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            Timestamp t = rs.getTimestamp("created_at");
            sink.accept(new StoredVector(rs.getString("message_id"), rs.getString("role"), t.toInstant(),
                Vectors.fromBytes(rs.getBytes("embedding"))));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Reading the recall vectors of " + agentId + " failed: " + e.getMessage(),
            e);
      }
    });
  }

  /** The text a message is embedded and full-text indexed by: an assistant's reasoning, then its text. */
  static String document(String thinking, String text) {
    if (thinking == null || thinking.isEmpty()) {
      return text;
    }
    return text == null || text.isEmpty() ? thinking : thinking + "\n" + text;
  }

  private static String filters(RecallQuery q, List<Object> params) {
    StringBuilder where = new StringBuilder("agent_id = ? AND searchable");
    params.add(q.agentId());
    if (q.roles() != null && !q.roles().isEmpty()) {
      where.append(" AND role = ANY(?::text[])");
      params.add(q.roles().toArray(String[]::new));
    }
    if (q.start() != null) {
      where.append(" AND created_at >= ?");
      params.add(q.start());
    }
    if (q.end() != null) {
      where.append(" AND created_at <= ?");
      params.add(q.end());
    }
    return where.toString();
  }

  private static RecallHit hit(ResultSet rs) throws SQLException {
    return new RecallHit(rs.getString("message_id"), rs.getString("role"), rs.getString("text"),
        rs.getString("thinking"), Sql.instant(rs, "created_at"), null);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
