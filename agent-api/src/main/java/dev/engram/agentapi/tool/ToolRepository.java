package dev.engram.agentapi.tool;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.engram.agentapi.JsonColumns;
import dev.engram.agentapi.Like;
import dev.engram.contracts.Ids;
import dev.engram.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code tools} and {@code agent_tools} tables. */
@ApplicationScoped
public class ToolRepository {
  private static final String COLUMNS = "t.id, t.name, t.tool_type, t.description, t.source_type, t.json_schema, "
      + "t.tags, t.return_char_limit, t.enable_parallel_execution, t.created_at, t.updated_at, t.source_code, "
      + "t.args_json_schema, t.pip_requirements, t.npm_requirements, t.default_requires_approval, t.metadata";
  private static final TypeReference<List<Map<String, Object>>> REQUIREMENTS = new TypeReference<>() {
  };

  private final Sql sql;

  ToolRepository(Sql sql) {
    this.sql = sql;
  }

  /** Inserts a base tool or refreshes its definition, keeping the id it got when first seeded. */
  public void upsertBase(BaseTool tool, Instant now) {
    sql.update("INSERT INTO tools (id, name, tool_type, description, source_type, json_schema, tags, "
            + "return_char_limit, enable_parallel_execution, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, 'python', ?, CAST(? AS text[]), 50000, ?, ?, ?) "
            + "ON CONFLICT (name) DO UPDATE SET tool_type = EXCLUDED.tool_type, description = EXCLUDED.description, "
            + "json_schema = EXCLUDED.json_schema, tags = EXCLUDED.tags, "
            + "enable_parallel_execution = EXCLUDED.enable_parallel_execution, updated_at = EXCLUDED.updated_at "
            + "WHERE tools.json_schema IS DISTINCT FROM EXCLUDED.json_schema OR tools.tool_type <> EXCLUDED.tool_type "
            + "OR tools.enable_parallel_execution <> EXCLUDED.enable_parallel_execution",
        Ids.newId(Ids.TOOL), tool.name(), tool.toolType(), tool.description(),
        JsonColumns.of(tool.jsonSchema()), List.of(tool.toolType()), tool.parallelSafe(), now, now);
  }

  /** Stores a new custom tool; false if its name is taken (Letta answers 409 then). */
  public boolean insert(ToolView t, Instant now) {
    return sql.update("INSERT INTO tools (id, name, tool_type, description, source_type, json_schema, tags, "
            + "return_char_limit, enable_parallel_execution, created_at, updated_at, source_code, args_json_schema, "
            + "pip_requirements, npm_requirements, default_requires_approval, metadata) "
            + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
        t.id(), t.name(), t.toolType(), t.description(), t.sourceType(), JsonColumns.of(t.jsonSchema()), t.tags(),
        t.returnCharLimit(), t.enableParallelExecution(), now, now, t.sourceCode(), JsonColumns.of(t.argsJsonSchema()),
        JsonColumns.of(t.pipRequirements()), JsonColumns.of(t.npmRequirements()), t.defaultRequiresApproval(),
        JsonColumns.of(t.metadata())) == 1;
  }

  /** Writes every field of an existing tool (its id and creation time stay). */
  public void update(ToolView t, Instant now) {
    sql.update("UPDATE tools SET name = ?, tool_type = ?, description = ?, source_type = ?, json_schema = ?, "
            + "tags = CAST(? AS text[]), return_char_limit = ?, enable_parallel_execution = ?, updated_at = ?, "
            + "source_code = ?, args_json_schema = ?, pip_requirements = ?, npm_requirements = ?, "
            + "default_requires_approval = ?, metadata = ? WHERE id = ?",
        t.name(), t.toolType(), t.description(), t.sourceType(), JsonColumns.of(t.jsonSchema()), t.tags(),
        t.returnCharLimit(), t.enableParallelExecution(), now, t.sourceCode(), JsonColumns.of(t.argsJsonSchema()),
        JsonColumns.of(t.pipRequirements()), JsonColumns.of(t.npmRequirements()), t.defaultRequiresApproval(),
        JsonColumns.of(t.metadata()), t.id());
  }

  /**
   * Registers or refreshes a tool of MCP server {@code serverId} (matched by name), keeping the id it got first;
   * empty if the name belongs to another tool (a custom or built-in one, or another server's), which stays as it is.
   */
  public Optional<String> upsertMcp(ToolView t, String serverId, Instant now) {
    return sql.queryOne("INSERT INTO tools (id, name, tool_type, description, source_type, json_schema, tags, "
            + "return_char_limit, enable_parallel_execution, created_at, updated_at, metadata) "
            + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS text[]), ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            + "description = EXCLUDED.description, json_schema = EXCLUDED.json_schema, tags = EXCLUDED.tags, "
            + "metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at "
            + "WHERE tools.tool_type = EXCLUDED.tool_type AND tools.metadata -> 'mcp' ->> 'server_id' = ? "
            + "RETURNING id",
        rs -> rs.getString(1), t.id(), t.name(), t.toolType(), t.description(), t.sourceType(),
        JsonColumns.of(t.jsonSchema()), t.tags(), t.returnCharLimit(), t.enableParallelExecution(), now, now,
        JsonColumns.of(t.metadata()), serverId);
  }

  /** The tools registered for MCP server {@code serverId}, oldest first. */
  public List<ToolView> forMcpServer(String serverId) {
    return sql.query("SELECT " + COLUMNS + " FROM tools t WHERE t.tool_type = 'external_mcp' "
        + "AND t.metadata -> 'mcp' ->> 'server_id' = ? ORDER BY t.created_at, t.id", ToolRepository::map, serverId);
  }

  /** Deletes a tool (and, by cascade, its attachments to agents); false if there was none. */
  public boolean delete(String id) {
    return sql.update("DELETE FROM tools WHERE id = ?", id) == 1;
  }

  /** One tool by name. */
  public Optional<ToolView> findByName(String name) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM tools t WHERE t.name = ?", ToolRepository::map, name);
  }

  /** Appends a tool to an agent's tools unless it is attached already. */
  public void attachOne(String agentId, String toolId) {
    sql.update("INSERT INTO agent_tools (agent_id, tool_id, position) SELECT ?, ?, "
        + "COALESCE(MAX(position) + 1, 0) FROM agent_tools WHERE agent_id = ? ON CONFLICT DO NOTHING",
        agentId, toolId, agentId);
  }

  /** Removes a tool from an agent's tools (no-op if it was not attached). */
  public void detachOne(String agentId, String toolId) {
    sql.update("DELETE FROM agent_tools WHERE agent_id = ? AND tool_id = ?", agentId, toolId);
  }

  /** One tool by id. */
  public Optional<ToolView> find(String id) {
    return sql.queryOne("SELECT " + COLUMNS + " FROM tools t WHERE t.id = ?", ToolRepository::map, id);
  }

  /** Tools with these names. */
  public List<ToolView> byNames(Collection<String> names) {
    return sql.query("SELECT " + COLUMNS + " FROM tools t WHERE t.name = ANY(CAST(? AS text[]))", ToolRepository::map,
        List.copyOf(names));
  }

  /** Tools with these ids. */
  public List<ToolView> byIds(Collection<String> ids) {
    return sql.query("SELECT " + COLUMNS + " FROM tools t WHERE t.id = ANY(CAST(? AS text[]))", ToolRepository::map,
        List.copyOf(ids));
  }

  /** A page of tools, filtered; {@code cursorBefore}/{@code cursorAfter} are tool ids. */
  public List<ToolView> page(ToolQuery q) {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> params = new ArrayList<>();
    if (q.name() != null) {
      where.append(" AND t.name = ?");
      params.add(q.name());
    }
    if (!q.names().isEmpty()) {
      where.append(" AND t.name = ANY(CAST(? AS text[]))");
      params.add(q.names());
    }
    if (!q.toolTypes().isEmpty()) {
      where.append(" AND t.tool_type = ANY(CAST(? AS text[]))");
      params.add(q.toolTypes());
    }
    if (q.search() != null) {
      where.append(" AND t.name ILIKE ?");
      params.add(Like.contains(q.search()));
    }
    String dir = q.ascending() ? "ASC" : "DESC";
    if (q.after() != null) {
      where.append(q.ascending() ? " AND (t.created_at, t.id) > " : " AND (t.created_at, t.id) < ")
          .append("(SELECT created_at, id FROM tools WHERE id = ?)");
      params.add(q.after());
    }
    if (q.before() != null) {
      where.append(q.ascending() ? " AND (t.created_at, t.id) < " : " AND (t.created_at, t.id) > ")
          .append("(SELECT created_at, id FROM tools WHERE id = ?)");
      params.add(q.before());
    }
    params.add(q.limit());
    return sql.query("SELECT " + COLUMNS + " FROM tools t" + where + " ORDER BY t.created_at " + dir + ", t.id " + dir
        + " LIMIT ?", ToolRepository::map, params.toArray());
  }

  /** The tools attached to an agent, in attachment order. */
  public List<ToolView> forAgent(String agentId) {
    return sql.query("SELECT " + COLUMNS + " FROM agent_tools a JOIN tools t ON t.id = a.tool_id "
        + "WHERE a.agent_id = ? ORDER BY a.position", ToolRepository::map, agentId);
  }

  /** Replaces the tools of an agent with {@code toolIds}, in that order. */
  public void attach(String agentId, List<String> toolIds) {
    sql.update("DELETE FROM agent_tools WHERE agent_id = ?", agentId);
    for (int i = 0; i < toolIds.size(); i++) {
      sql.update("INSERT INTO agent_tools (agent_id, tool_id, position) VALUES (?, ?, ?)", agentId, toolIds.get(i), i);
    }
  }

  private static ToolView map(ResultSet rs) throws SQLException {
    return new ToolView(
        rs.getString("id"),
        rs.getString("tool_type"),
        rs.getString("description"),
        rs.getString("source_type"),
        rs.getString("name"),
        Arrays.asList((String[]) rs.getArray("tags").getArray()),
        rs.getString("source_code"),
        JsonColumns.map(rs.getString("json_schema")),
        JsonColumns.map(rs.getString("args_json_schema")),
        rs.getInt("return_char_limit"),
        JsonColumns.read(rs.getString("pip_requirements"), REQUIREMENTS),
        JsonColumns.read(rs.getString("npm_requirements"), REQUIREMENTS),
        (Boolean) rs.getObject("default_requires_approval"),
        rs.getBoolean("enable_parallel_execution"),
        Ids.DEFAULT_USER,
        Ids.DEFAULT_USER,
        JsonColumns.map(rs.getString("metadata")),
        null);
  }

}
