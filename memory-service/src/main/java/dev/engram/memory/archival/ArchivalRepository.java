package dev.engram.memory.archival;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.EmbeddingConfig;
import dev.engram.memory.embedding.Vectors;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * SQL access to archives, agent_archives, passages and archive_changes; callers own the transaction.
 * Plain JDBC batches and a streaming cursor where {@link Sql} would hold too much: bulk passage inserts
 * and loading an archive's vectors into memory.
 */
@ApplicationScoped
public class ArchivalRepository {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };
  private static final String ARCHIVE_COLUMNS = "a.id, a.name, a.description, a.metadata::text AS metadata, "
      + "a.embedding_config::text AS embedding_config, a.vector_db_provider, a.created_by_id, a.last_updated_by_id, "
      + "a.created_at, a.updated_at";
  private static final String PASSAGE_COLUMNS = "p.id, p.archive_id, p.text, p.tags, p.metadata::text AS metadata, "
      + "p.created_by_id, p.last_updated_by_id, p.created_at, p.updated_at";
  private static final int LOAD_FETCH_SIZE = 1_000;

  private final Sql sql;
  private final DataSource dataSource;

  ArchivalRepository(Sql sql, DataSource dataSource) {
    this.sql = sql;
    this.dataSource = dataSource;
  }

  /** Serializes the creation of an agent's default archive, so two first inserts make one archive. */
  public void lockAgent(String agentId) {
    sql.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 1, "agent_archives:" + agentId);
  }

  /** Stores a new archive. */
  public void insertArchive(ArchiveEntity a) {
    sql.update("""
        INSERT INTO archives (id, name, description, metadata, embedding_config, embedding_model, embedding_dim,
          vector_db_provider, created_by_id, last_updated_by_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        a.id(), a.name(), a.description(), new Sql.Json(Json.write(a.metadata())),
        new Sql.Json(Json.write(a.embeddingConfig())), a.embeddingConfig().embeddingModel(),
        a.embeddingConfig().embeddingDim(), a.vectorDbProvider(), a.createdById(), a.lastUpdatedById());
  }

  /** The archive {@code id}. */
  public Optional<ArchiveEntity> findArchive(String id) {
    return sql.queryOne("SELECT " + ARCHIVE_COLUMNS + " FROM archives a WHERE a.id = ?", ArchivalRepository::archive,
        id);
  }

  /** Renames or re-describes an archive (null keeps a field). */
  public void updateArchive(String id, String name, String description, String updatedBy) {
    sql.update("UPDATE archives SET name = COALESCE(?, name), description = COALESCE(?, description), "
        + "last_updated_by_id = ?, updated_at = now() WHERE id = ?", name, description, updatedBy, id);
  }

  /** Deletes an archive with its passages and attachments; returns whether it existed. */
  public boolean deleteArchive(String id) {
    return sql.update("DELETE FROM archives WHERE id = ?", id) == 1;
  }

  /**
   * Archives ordered by creation time ({@code asc} or newest first), optionally only those attached to
   * {@code agentId} or named {@code name}; {@code after}/{@code before} are archive-id cursors in that order.
   */
  public List<ArchiveEntity> listArchives(String agentId, String name, String before, String after, int limit,
      boolean asc) {
    StringBuilder where = new StringBuilder("TRUE");
    List<Object> params = new ArrayList<>();
    if (agentId != null) {
      where.append(" AND a.id IN (SELECT archive_id FROM agent_archives WHERE agent_id = ?)");
      params.add(agentId);
    }
    if (name != null) {
      where.append(" AND a.name = ?");
      params.add(name);
    }
    cursor(where, params, "archives", "a", after, asc ? ">" : "<");
    cursor(where, params, "archives", "a", before, asc ? "<" : ">");
    String dir = asc ? "ASC" : "DESC";
    params.add(limit);
    return sql.query("SELECT " + ARCHIVE_COLUMNS + " FROM archives a WHERE " + where + " ORDER BY a.created_at " + dir
        + ", a.id " + dir + " LIMIT ?", ArchivalRepository::archive, params.toArray());
  }

  /** Attaches an archive to an agent (nothing happens when it already is). */
  public void attach(String agentId, String archiveId) {
    sql.update("INSERT INTO agent_archives (agent_id, archive_id) VALUES (?, ?) ON CONFLICT DO NOTHING", agentId,
        archiveId);
  }

  /** Detaches an archive from an agent; returns whether it was attached. */
  public boolean detach(String agentId, String archiveId) {
    return sql.update("DELETE FROM agent_archives WHERE agent_id = ? AND archive_id = ?", agentId, archiveId) == 1;
  }

  /** The agent's archives, earliest attached (its default) first. */
  public List<ArchiveEntity> archivesOf(String agentId) {
    return sql.query("SELECT " + ARCHIVE_COLUMNS + " FROM agent_archives aa JOIN archives a ON a.id = aa.archive_id "
        + "WHERE aa.agent_id = ? ORDER BY aa.attached_at, a.id", ArchivalRepository::archive, agentId);
  }

  /** Agents an archive is attached to, in attach order, with agent-id cursors. */
  public List<String> agentsOf(String archiveId, String before, String after, int limit, boolean asc) {
    StringBuilder where = new StringBuilder("archive_id = ?");
    List<Object> params = new ArrayList<>(List.of(archiveId));
    String dir = asc ? "ASC" : "DESC";
    if (after != null) {
      where.append(" AND (attached_at, agent_id) ").append(asc ? ">" : "<")
          .append(" (SELECT attached_at, agent_id FROM agent_archives WHERE archive_id = ? AND agent_id = ?)");
      params.add(archiveId);
      params.add(after);
    }
    if (before != null) {
      where.append(" AND (attached_at, agent_id) ").append(asc ? "<" : ">")
          .append(" (SELECT attached_at, agent_id FROM agent_archives WHERE archive_id = ? AND agent_id = ?)");
      params.add(archiveId);
      params.add(before);
    }
    params.add(limit);
    return sql.query("SELECT agent_id FROM agent_archives WHERE " + where + " ORDER BY attached_at " + dir
        + ", agent_id " + dir + " LIMIT ?", rs -> rs.getString(1), params.toArray());
  }

  /** Stores passages with one JDBC batch, and one change-log row each. */
  public void insertPassages(List<PassageEntity> passages, String origin) {
    if (passages.isEmpty()) {
      return;
    }
    String insert = """
        INSERT INTO passages (id, archive_id, text, embedding, tags, metadata, created_by_id, last_updated_by_id,
          created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, COALESCE(?, now()), COALESCE(?, now()))""";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(insert);
        PreparedStatement log = c.prepareStatement(
            "INSERT INTO archive_changes (archive_id, passage_id, op, origin) VALUES (?, ?, 'I', ?)")) {
      for (PassageEntity p : passages) {
        s.setString(1, p.id());
        s.setString(2, p.archiveId());
        s.setString(3, p.text());
        s.setBytes(4, Vectors.toBytes(p.embedding()));
        s.setArray(5, c.createArrayOf("text", p.tags().toArray()));
        s.setString(6, Json.write(p.metadata()));
        s.setString(7, p.createdById());
        s.setString(8, p.lastUpdatedById());
        if (p.createdAt() == null) {
          s.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          s.setTimestamp(9, Timestamp.from(p.createdAt()));
        }
        if (p.updatedAt() == null) {
          s.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          s.setTimestamp(10, Timestamp.from(p.updatedAt()));
        }
        s.addBatch();
        log.setString(1, p.archiveId());
        log.setString(2, p.id());
        log.setString(3, origin);
        log.addBatch();
      }
      s.executeBatch();
      log.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("Storing " + passages.size() + " passages failed: " + e.getMessage(), e);
    }
  }

  /** Deletes a passage of an archive and logs the change; returns whether it existed. */
  public boolean deletePassage(String archiveId, String passageId, String origin) {
    if (sql.update("DELETE FROM passages WHERE id = ? AND archive_id = ?", passageId, archiveId) == 0) {
      return false;
    }
    sql.update("INSERT INTO archive_changes (archive_id, passage_id, op, origin) VALUES (?, ?, 'D', ?)", archiveId,
        passageId, origin);
    return true;
  }

  /** Logs that an archive was deleted, so other replicas drop its index. */
  public void logArchiveDeleted(String archiveId, String origin) {
    sql.update("INSERT INTO archive_changes (archive_id, passage_id, op, origin) VALUES (?, '', 'X', ?)", archiveId,
        origin);
  }

  /** A passage (with its embedding) by id. */
  public Optional<PassageEntity> findPassage(String id) {
    return sql.queryOne("SELECT " + PASSAGE_COLUMNS + ", p.embedding FROM passages p WHERE p.id = ?",
        rs -> passage(rs, true), id);
  }

  /**
   * Passages of {@code archiveIds} by creation time, optionally containing {@code text} (case-insensitive),
   * with passage-id cursors {@code after}/{@code before} in that order.
   */
  public List<PassageEntity> listPassages(List<String> archiveIds, String after, String before, int limit,
      boolean asc, String text) {
    StringBuilder where = new StringBuilder("p.archive_id = ANY(?::text[])");
    List<Object> params = new ArrayList<>();
    params.add(archiveIds.toArray(String[]::new));
    if (text != null && !text.isBlank()) {
      where.append(" AND p.text ILIKE ? ESCAPE '\\'");
      params.add("%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    cursor(where, params, "passages", "p", after, asc ? ">" : "<");
    cursor(where, params, "passages", "p", before, asc ? "<" : ">");
    String dir = asc ? "ASC" : "DESC";
    params.add(limit);
    return sql.query("SELECT " + PASSAGE_COLUMNS + " FROM passages p WHERE " + where + " ORDER BY p.created_at " + dir
        + ", p.id " + dir + " LIMIT ?", rs -> passage(rs, false), params.toArray());
  }

  /** Number of passages in {@code archiveIds}. */
  public long countPassages(List<String> archiveIds) {
    return sql.queryOne("SELECT count(*) FROM passages WHERE archive_id = ANY(?::text[])", rs -> rs.getLong(1),
        (Object) archiveIds.toArray(String[]::new)).orElse(0L);
  }

  /** Distinct tags used in {@code archiveIds}, sorted. */
  public List<String> tags(List<String> archiveIds) {
    return sql.query("SELECT DISTINCT unnest(tags) AS tag FROM passages WHERE archive_id = ANY(?::text[]) ORDER BY 1",
        rs -> rs.getString(1), (Object) archiveIds.toArray(String[]::new));
  }

  /** The newest passages passing the filters (a search without query text). */
  public List<PassageEntity> filtered(List<String> archiveIds, List<String> tags, boolean matchAll, Instant start,
      Instant end, int limit) {
    StringBuilder where = new StringBuilder("p.archive_id = ANY(?::text[])");
    List<Object> params = new ArrayList<>();
    params.add(archiveIds.toArray(String[]::new));
    filters(where, params, tags, matchAll, start, end);
    params.add(limit);
    return sql.query("SELECT " + PASSAGE_COLUMNS + " FROM passages p WHERE " + where
        + " ORDER BY p.created_at DESC, p.id DESC LIMIT ?", rs -> passage(rs, false), params.toArray());
  }

  /** Streams every passage of an archive, with its embedding, to {@code sink} in chunks (needs a transaction). */
  public void forEachPassage(String archiveId, int chunk, Consumer<List<PassageEntity>> sink) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT "
        + PASSAGE_COLUMNS + ", p.embedding FROM passages p WHERE p.archive_id = ? ORDER BY p.created_at, p.id")) {
      s.setFetchSize(LOAD_FETCH_SIZE);
      s.setString(1, archiveId);
      try (ResultSet rs = s.executeQuery()) {
        List<PassageEntity> batch = new ArrayList<>(chunk);
        while (rs.next()) {
          batch.add(passage(rs, true));
          if (batch.size() == chunk) {
            sink.accept(batch);
            batch = new ArrayList<>(chunk);
          }
        }
        if (!batch.isEmpty()) {
          sink.accept(batch);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Loading the passages of archive " + archiveId + " failed: " + e.getMessage(),
          e);
    }
  }

  /** One change-log row; {@code passage} (with embedding) is set for other replicas' inserts whose row exists. */
  public record Change(long seq, String archiveId, String passageId, char op, PassageEntity passage) {
  }

  /** The largest sequence number written so far. */
  public long maxChangeSeq() {
    return sql.queryOne("SELECT COALESCE(MAX(seq), 0) FROM archive_changes", rs -> rs.getLong(1)).orElse(0L);
  }

  /**
   * Changes after {@code afterSeq} or with one of the {@code gaps} sequence numbers, in sequence order. Inserts
   * written by {@code origin} (this replica, which applied them already) come without their vector.
   */
  public List<Change> changes(long afterSeq, long[] gaps, String origin, int limit) {
    return sql.query("""
        SELECT c.seq, c.archive_id AS change_archive_id, c.passage_id, c.op, p.id, p.embedding, p.archive_id, p.text, p.tags, p.metadata::text AS metadata, p.created_by_id, p.last_updated_by_id, p.created_at,
          p.updated_at
        FROM archive_changes c
        LEFT JOIN passages p ON p.id = c.passage_id AND c.op = 'I' AND c.origin <> ?
        WHERE c.seq > ? OR c.seq = ANY(?)
        ORDER BY c.seq LIMIT ?""",
        rs -> {
          String pid = rs.getString("id");
          return new Change(rs.getLong("seq"), rs.getString("change_archive_id"), rs.getString("passage_id"),
              rs.getString("op").charAt(0), pid == null ? null : passage(rs, true));
        }, origin, afterSeq, Arrays.stream(gaps).boxed().toList(), limit);
  }

  /** Deletes change-log rows older than {@code before}. */
  public int pruneChanges(Instant before) {
    return sql.update("DELETE FROM archive_changes WHERE changed_at < ?", before);
  }

  private static void cursor(StringBuilder where, List<Object> params, String table, String alias, String id,
      String op) {
    if (id == null) {
      return;
    }
    where.append(" AND (").append(alias).append(".created_at, ").append(alias).append(".id) ").append(op)
        .append(" (SELECT created_at, id FROM ").append(table).append(" WHERE id = ?)");
    params.add(id);
  }

  private static void filters(StringBuilder where, List<Object> params, List<String> tags, boolean matchAll,
      Instant start, Instant end) {
    if (tags != null && !tags.isEmpty()) {
      where.append(matchAll ? " AND p.tags @> ?::text[]" : " AND p.tags && ?::text[]");
      params.add(tags.toArray(String[]::new));
    }
    if (start != null) {
      where.append(" AND p.created_at >= ?");
      params.add(start);
    }
    if (end != null) {
      where.append(" AND p.created_at <= ?");
      params.add(end);
    }
  }

  private static ArchiveEntity archive(ResultSet rs) throws SQLException {
    return new ArchiveEntity(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("description"),
        map(rs.getString("metadata")),
        Json.read(rs.getString("embedding_config"), EmbeddingConfig.class),
        rs.getString("vector_db_provider"),
        rs.getString("created_by_id"),
        rs.getString("last_updated_by_id"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  private static PassageEntity passage(ResultSet rs, boolean withEmbedding) throws SQLException {
    return new PassageEntity(
        rs.getString("id"),
        rs.getString("archive_id"),
        rs.getString("text"),
        withEmbedding ? Vectors.fromBytes(rs.getBytes("embedding")) : null,
        tags(rs.getArray("tags")),
        map(rs.getString("metadata")),
        rs.getString("created_by_id"),
        rs.getString("last_updated_by_id"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  private static List<String> tags(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static Map<String, Object> map(String json) {
    try {
      return json == null ? Map.of() : Json.MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored metadata is not a JSON object", e);
    }
  }
}
