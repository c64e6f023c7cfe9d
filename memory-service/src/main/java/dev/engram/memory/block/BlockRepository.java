package dev.engram.memory.block;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.contracts.Json;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL access to {@code blocks} and {@code agent_blocks}; callers own the transaction. */
@ApplicationScoped
public class BlockRepository {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };
  private static final String COLUMNS = "b.id, b.label, b.value, b.char_limit, b.description, b.read_only, "
      + "b.metadata::text AS metadata, b.tags, b.hidden, b.is_template, b.template_name, b.project_id, "
      + "b.preserve_on_migration, b.created_by_id, b.last_updated_by_id, b.created_at, b.updated_at";

  private final Sql sql;

  BlockRepository(Sql sql) {
    this.sql = sql;
  }

  /** Serializes writers of one agent's attachments, so retries and position numbering never race. */
  public void lockAgent(String agentId) {
    sql.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 1, "agent_blocks:" + agentId);
  }

  /** Stores a new block as version 1 and records that version. */
  public void insert(BlockEntity b, Editor editor) {
    sql.update("""
        INSERT INTO blocks (id, label, value, char_limit, description, read_only, metadata, tags, hidden,
          is_template, template_name, project_id, preserve_on_migration, created_by_id, last_updated_by_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?)""",
        b.id(), b.label(), b.value(), b.limit(), b.description(), b.readOnly(), new Sql.Json(Json.write(b.metadata())),
        b.tags().toArray(String[]::new), b.hidden(), b.isTemplate(), b.templateName(), b.projectId(),
        b.preserveOnMigration(), b.createdById(), b.lastUpdatedById());
    recordVersion(b.id(), "create", editor, null);
  }

  /**
   * Rewrites every mutable field of a block (label changes cascade to agent_blocks) as a new version,
   * recorded with {@code operation} and its editor.
   */
  public void update(BlockEntity b, String operation, Editor editor, Integer restoredFrom) {
    sql.update("""
        UPDATE blocks SET label = ?, value = ?, char_limit = ?, description = ?, read_only = ?, metadata = ?,
          tags = ?::text[], hidden = ?, is_template = ?, template_name = ?, project_id = ?,
          preserve_on_migration = ?, last_updated_by_id = ?, updated_at = now(), version = version + 1
        WHERE id = ?""",
        b.label(), b.value(), b.limit(), b.description(), b.readOnly(), new Sql.Json(Json.write(b.metadata())),
        b.tags().toArray(String[]::new), b.hidden(), b.isTemplate(), b.templateName(), b.projectId(),
        b.preserveOnMigration(), b.lastUpdatedById(), b.id());
    recordVersion(b.id(), operation, editor, restoredFrom);
  }

  /** Deletes a block (detaching it everywhere) after recording its deletion as a last version. */
  public void delete(String blockId, Editor editor) {
    sql.update("UPDATE blocks SET version = version + 1 WHERE id = ?", blockId);
    recordVersion(blockId, "delete", editor, null);
    sql.update("DELETE FROM agent_blocks WHERE block_id = ?", blockId);
    sql.update("DELETE FROM blocks WHERE id = ?", blockId);
  }

  /** Snapshots the block's current row as its current version. */
  private void recordVersion(String blockId, String operation, Editor editor, Integer restoredFrom) {
    sql.update("""
        INSERT INTO block_history (block_id, version, operation, label, value, char_limit, description, read_only,
          metadata, tags, actor_type, actor_id, agent_id, run_id, tool_call_id, tool_name, restored_from)
        SELECT id, version, ?, label, value, char_limit, description, read_only, metadata, tags, ?, ?, ?, ?, ?, ?, ?
        FROM blocks WHERE id = ?""",
        operation, editor.type(), editor.actorId(), editor.agentId(), editor.runId(), editor.toolCallId(),
        editor.toolName(), restoredFrom, blockId);
  }

  /** Versions of a block, newest first unless {@code ascending}; {@code before}/{@code after} are version numbers. */
  public List<BlockVersion> history(String blockId, Integer before, Integer after, int limit, boolean ascending) {
    StringBuilder q = new StringBuilder("SELECT h.*, h.metadata::text AS metadata_json FROM block_history h "
        + "WHERE h.block_id = ?");
    List<Object> params = new ArrayList<>(List.of(blockId));
    if (before != null) {
      q.append(" AND h.version < ?");
      params.add(before);
    }
    if (after != null) {
      q.append(" AND h.version > ?");
      params.add(after);
    }
    q.append(ascending ? " ORDER BY h.version ASC" : " ORDER BY h.version DESC").append(" LIMIT ?");
    params.add(limit);
    return sql.query(q.toString(), BlockRepository::mapVersion, params.toArray());
  }

  /** One version of a block. */
  public Optional<BlockVersion> version(String blockId, int version) {
    return sql.queryOne("SELECT h.*, h.metadata::text AS metadata_json FROM block_history h "
        + "WHERE h.block_id = ? AND h.version = ?", BlockRepository::mapVersion, blockId, version);
  }

  /** A block by id. */
  public Optional<BlockEntity> findById(String blockId) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM blocks b WHERE b.id = ?", BlockRepository::map, blockId);
  }

  /** A block by id, row-locked until the transaction ends. */
  public Optional<BlockEntity> lockById(String blockId) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM blocks b WHERE b.id = ? FOR UPDATE", BlockRepository::map,
        blockId);
  }

  /** Blocks matching Letta's list filters, one page. */
  public List<BlockEntity> list(BlockQuery q) {
    List<Object> params = new ArrayList<>();
    String where = where(q, params);
    String dir = q.ascending() ? "ASC" : "DESC";
    StringBuilder s = new StringBuilder("SELECT " + COLUMNS + " FROM blocks b WHERE " + where);
    if (q.after() != null) {
      s.append(" AND (b.created_at, b.id) ").append(q.ascending() ? ">" : "<")
          .append(" (SELECT created_at, id FROM blocks WHERE id = ?)");
      params.add(q.after());
    }
    if (q.before() != null) {
      s.append(" AND (b.created_at, b.id) ").append(q.ascending() ? "<" : ">")
          .append(" (SELECT created_at, id FROM blocks WHERE id = ?)");
      params.add(q.before());
    }
    s.append(" ORDER BY b.created_at ").append(dir).append(", b.id ").append(dir).append(" LIMIT ?");
    params.add(q.limit());
    return sql.query(s.toString(), BlockRepository::map, params.toArray());
  }

  /** How many blocks match the filters. */
  public long count(BlockQuery q) {
    List<Object> params = new ArrayList<>();
    String where = where(q, params);
    return sql.queryOne("SELECT count(*) FROM blocks b WHERE " + where, rs -> rs.getLong(1), params.toArray())
        .orElse(0L);
  }

  private static String where(BlockQuery q, List<Object> params) {
    List<String> c = new ArrayList<>();
    c.add("TRUE");
    if (q.identityFilter()) {
      // Engram has no identities yet, so no block is linked to one.
      c.add("FALSE");
    }
    if (q.label() != null) {
      c.add("b.label = ?");
      params.add(q.label());
    }
    if (q.templatesOnly()) {
      c.add("b.is_template");
    }
    if (q.name() != null) {
      c.add("b.template_name = ?");
      params.add(q.name());
    }
    if (q.projectId() != null) {
      c.add("b.project_id = ?");
      params.add(q.projectId());
    }
    if (q.tags() != null && !q.tags().isEmpty()) {
      c.add(q.matchAllTags() ? "b.tags @> ?::text[]" : "b.tags && ?::text[]");
      params.add(q.tags().toArray(String[]::new));
    }
    search(c, params, "b.label", q.labelSearch());
    search(c, params, "b.value", q.valueSearch());
    search(c, params, "b.description", q.descriptionSearch());
    String agents = "(SELECT count(*) FROM agent_blocks ab WHERE ab.block_id = b.id)";
    if (q.connectedGt() != null) {
      c.add(agents + " > ?");
      params.add(q.connectedGt());
    }
    if (q.connectedLt() != null) {
      c.add(agents + " < ?");
      params.add(q.connectedLt());
    }
    if (q.connectedEq() != null && !q.connectedEq().isEmpty()) {
      c.add(agents + " = ANY(?::int[])");
      params.add(q.connectedEq().toArray(Integer[]::new));
    }
    return String.join(" AND ", c);
  }

  private static void search(List<String> conditions, List<Object> params, String column, String text) {
    if (text != null && !text.isEmpty()) {
      conditions.add(column + " ILIKE ? ESCAPE '\\'");
      params.add("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
  }

  /** Blocks by id (any that exist). */
  public List<BlockEntity> findByIds(List<String> ids) {
    return sql.query("SELECT " + COLUMNS + " FROM blocks b WHERE b.id = ANY(?::text[])", BlockRepository::map,
        (Object) ids.toArray(String[]::new));
  }

  /** The agent's attached blocks in attach order. */
  public List<BlockEntity> attached(String agentId) {
    return sql.query("SELECT " + COLUMNS + " FROM agent_blocks ab JOIN blocks b ON b.id = ab.block_id "
        + "WHERE ab.agent_id = ? ORDER BY ab.position, ab.attached_at", BlockRepository::map, agentId);
  }

  /** The agent's block with {@code label}. */
  public Optional<BlockEntity> attachedByLabel(String agentId, String label) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM agent_blocks ab JOIN blocks b ON b.id = ab.block_id "
        + "WHERE ab.agent_id = ? AND ab.block_label = ?", BlockRepository::map, agentId, label);
  }

  /** The agent's block with {@code label}, row-locked until the transaction ends so edits apply one at a time. */
  public Optional<BlockEntity> lockAttachedByLabel(String agentId, String label) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM agent_blocks ab JOIN blocks b ON b.id = ab.block_id "
        + "WHERE ab.agent_id = ? AND ab.block_label = ? FOR UPDATE OF b", BlockRepository::map, agentId, label);
  }

  /** Labels of the agent's blocks in attach order. */
  public List<String> labels(String agentId) {
    return sql.query("SELECT block_label FROM agent_blocks WHERE agent_id = ? ORDER BY position, attached_at",
        rs -> rs.getString(1), agentId);
  }

  /** Attaches a block after the agent's current last block. */
  public void attach(String agentId, String blockId, String label) {
    sql.update("""
        INSERT INTO agent_blocks (agent_id, block_id, block_label, position)
        VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM agent_blocks WHERE agent_id = ?))""",
        agentId, blockId, label, agentId);
  }

  /** Whether an agent that has the block already has another block labelled {@code label}. */
  public boolean labelTakenOnAgentsOf(String blockId, String label) {
    return sql.queryOne("""
        SELECT 1 FROM agent_blocks mine JOIN agent_blocks other ON other.agent_id = mine.agent_id
        WHERE mine.block_id = ? AND other.block_label = ? AND other.block_id <> ? LIMIT 1""",
        rs -> 1, blockId, label, blockId).isPresent();
  }

  /** Detaches one block from the agent; returns whether it was attached. */
  public boolean detach(String agentId, String blockId) {
    return sql.update("DELETE FROM agent_blocks WHERE agent_id = ? AND block_id = ?", agentId, blockId) > 0;
  }

  /** Detaches every block of the agent; returns how many were attached. */
  public int detachAll(String agentId) {
    return sql.update("DELETE FROM agent_blocks WHERE agent_id = ?", agentId);
  }

  /** Agents a block is attached to. */
  public List<String> agentsOf(String blockId) {
    return sql.query("SELECT agent_id FROM agent_blocks WHERE block_id = ? ORDER BY agent_id",
        rs -> rs.getString(1), blockId);
  }

  /** A conversation's private copy of the agent's block {@code label}. */
  public record Copy(String label, BlockEntity block) {
  }

  /** Serializes writers of one conversation's copies, so a repeated PUT never copies a label twice. */
  public void lockConversation(String agentId, String conversationId) {
    sql.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 1,
        "conversation_blocks:" + agentId + ":" + conversationId);
  }

  /** The conversation's copies in the order they were made. */
  public List<Copy> copies(String agentId, String conversationId) {
    return sql.query("SELECT cb.label AS copy_label, " + COLUMNS + " FROM conversation_blocks cb "
        + "JOIN blocks b ON b.id = cb.block_id WHERE cb.agent_id = ? AND cb.conversation_id = ? ORDER BY cb.seq",
        rs -> new Copy(rs.getString("copy_label"), map(rs)), agentId, conversationId);
  }

  /** The conversation's copy standing in for {@code label}, row-locked until the transaction ends. */
  public Optional<BlockEntity> lockCopy(String agentId, String conversationId, String label) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM conversation_blocks cb JOIN blocks b ON b.id = cb.block_id "
        + "WHERE cb.agent_id = ? AND cb.conversation_id = ? AND cb.label = ? FOR UPDATE OF b", BlockRepository::map,
        agentId, conversationId, label);
  }

  /** Records that {@code blockId} is the conversation's copy of the agent's block {@code label}. */
  public void insertCopy(String agentId, String conversationId, String label, String blockId) {
    sql.update("INSERT INTO conversation_blocks (agent_id, conversation_id, label, block_id) VALUES (?, ?, ?, ?)",
        agentId, conversationId, label, blockId);
  }

  /** Ids of the copies of one conversation, or of every conversation of the agent when {@code conversationId} is null. */
  public List<String> copyIds(String agentId, String conversationId) {
    return sql.query("SELECT block_id FROM conversation_blocks WHERE agent_id = ? "
        + "AND (?::text IS NULL OR conversation_id = ?) ORDER BY seq", rs -> rs.getString(1), agentId,
        conversationId, conversationId);
  }

  /** Agents that see the block: those it is attached to and the one owning it as a conversation's copy. */
  public List<String> agentsSeeing(String blockId) {
    return sql.query("SELECT agent_id FROM agent_blocks WHERE block_id = ? UNION "
        + "SELECT agent_id FROM conversation_blocks WHERE block_id = ? ORDER BY 1", rs -> rs.getString(1), blockId,
        blockId);
  }

  private static BlockEntity map(ResultSet rs) throws SQLException {
    return new BlockEntity(
        rs.getString("id"),
        rs.getString("label"),
        rs.getString("value"),
        rs.getInt("char_limit"),
        rs.getString("description"),
        rs.getBoolean("read_only"),
        readMetadata(rs.getString("metadata")),
        readTags(rs.getArray("tags")),
        (Boolean) rs.getObject("hidden"),
        rs.getBoolean("is_template"),
        rs.getString("template_name"),
        rs.getString("project_id"),
        (Boolean) rs.getObject("preserve_on_migration"),
        rs.getString("created_by_id"),
        rs.getString("last_updated_by_id"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  private static BlockVersion mapVersion(ResultSet rs) throws SQLException {
    return new BlockVersion(
        rs.getString("block_id"),
        rs.getInt("version"),
        rs.getString("operation"),
        rs.getString("label"),
        rs.getString("value"),
        rs.getInt("char_limit"),
        rs.getString("description"),
        rs.getBoolean("read_only"),
        readMetadata(rs.getString("metadata_json")),
        readTags(rs.getArray("tags")),
        new BlockVersion.Actor(rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("agent_id"),
            rs.getString("run_id"), rs.getString("tool_call_id"), rs.getString("tool_name")),
        (Integer) rs.getObject("restored_from"),
        Sql.instant(rs, "created_at"));
  }

  private static Map<String, Object> readMetadata(String json) {
    try {
      return json == null ? Map.of() : Json.MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored block metadata is not a JSON object", e);
    }
  }

  private static List<String> readTags(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
