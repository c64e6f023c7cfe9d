package dev.engram.memory.block;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.engram.contracts.Json;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  /** Stores a new block. */
  public void insert(BlockEntity b) {
    sql.update("""
        INSERT INTO blocks (id, label, value, char_limit, description, read_only, metadata, tags, hidden,
          is_template, template_name, project_id, preserve_on_migration, created_by_id, last_updated_by_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, ?, ?, ?, ?)""",
        b.id(), b.label(), b.value(), b.limit(), b.description(), b.readOnly(), new Sql.Json(Json.write(b.metadata())),
        b.tags().toArray(String[]::new), b.hidden(), b.isTemplate(), b.templateName(), b.projectId(),
        b.preserveOnMigration(), b.createdById(), b.lastUpdatedById());
  }

  /** Rewrites every mutable field of a block (label changes cascade to agent_blocks). */
  public void update(BlockEntity b) {
    sql.update("""
        UPDATE blocks SET label = ?, value = ?, char_limit = ?, description = ?, read_only = ?, metadata = ?,
          tags = ?::text[], hidden = ?, is_template = ?, template_name = ?, project_id = ?,
          preserve_on_migration = ?, last_updated_by_id = ?, updated_at = now()
        WHERE id = ?""",
        b.label(), b.value(), b.limit(), b.description(), b.readOnly(), new Sql.Json(Json.write(b.metadata())),
        b.tags().toArray(String[]::new), b.hidden(), b.isTemplate(), b.templateName(), b.projectId(),
        b.preserveOnMigration(), b.lastUpdatedById(), b.id());
  }

  /** Replaces only the value, as an agent's memory edit does. */
  public void updateValue(String blockId, String value, String updatedById) {
    sql.update("UPDATE blocks SET value = ?, last_updated_by_id = ?, updated_at = now() WHERE id = ?",
        value, updatedById, blockId);
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

  /** Detaches every block of the agent; returns how many were attached. */
  public int detachAll(String agentId) {
    return sql.update("DELETE FROM agent_blocks WHERE agent_id = ?", agentId);
  }

  /** Agents a block is attached to. */
  public List<String> agentsOf(String blockId) {
    return sql.query("SELECT agent_id FROM agent_blocks WHERE block_id = ? ORDER BY agent_id",
        rs -> rs.getString(1), blockId);
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
