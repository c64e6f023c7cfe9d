package dev.engram.agentapi.mcp;

import dev.engram.agentapi.client.McpServersClient;
import dev.engram.agentapi.tool.ToolRegistry;
import dev.engram.agentapi.tool.ToolRepository;
import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.Ids;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.platform.rest.ApiException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Letta's {@code /v1/mcp-servers}: tool-executor keeps the servers (configs, secrets) and talks to them; agent-api
 * registers the tools they serve in its tool registry ({@code external_mcp}, {@code metadata_.mcp.server_id}) so they
 * can be attached to agents like any tool.
 */
@ApplicationScoped
public class McpServerService {
  private static final int RETURN_CHAR_LIMIT = 50_000;

  private final McpServersClient servers;
  private final ToolRepository tools;
  private final ToolRegistry registry;

  McpServerService(McpServersClient servers, ToolRepository tools, ToolRegistry registry) {
    this.servers = servers;
    this.tools = tools;
    this.registry = registry;
  }

  public Map<String, Object> create(Map<String, Object> request) {
    return servers.create(request);
  }

  public List<Map<String, Object>> list() {
    return servers.list();
  }

  public Map<String, Object> get(String id) {
    return servers.get(id);
  }

  public Map<String, Object> update(String id, Map<String, Object> request) {
    Map<String, Object> updated = servers.update(id, request);
    // Registered tools carry the server's name in their tags and metadata.
    String name = (String) updated.get("server_name");
    for (ToolView tool : tools.forMcpServer(id)) {
      tools.upsertMcp(mcpTool(tool.id(), tool.name(), tool.description(), parameters(tool), id, name), id,
          Instant.now());
    }
    return updated;
  }

  /** Deletes the server and its registered tools (agents lose them); tools left by an earlier partial delete too. */
  public void delete(String id) {
    try {
      servers.delete(id);
    } catch (ApiException e) {
      if (e.status() == 404) {
        tools.forMcpServer(id).forEach(t -> tools.delete(t.id()));
      }
      throw e;
    }
    tools.forMcpServer(id).forEach(t -> tools.delete(t.id()));
  }

  /** The server's tools as it lists them now, each registered (so it has a stable id to attach). */
  public List<ToolView> tools(String id) {
    return sync(id, false).registered();
  }

  /** One registered tool of the server; 404 if the id names no tool of this server. */
  public ToolView tool(String serverId, String toolId) {
    ToolView tool = registry.get(toolId);
    if (!serverId.equals(tool.mcpServerId())) {
      throw ApiException.notFound("Tool " + toolId + " is not a tool of MCP server " + serverId);
    }
    return tool;
  }

  /** Runs a registered tool of the server with {@code args}: Letta's {@code ToolExecutionResult}. */
  public Map<String, Object> run(String serverId, String toolId, Map<String, Object> args) {
    return servers.run(serverId, tool(serverId, toolId).name(), args);
  }

  /**
   * Re-reads the server's tools: registers new ones, refreshes the schemas of known ones and deletes those the
   * server no longer offers. Answers what changed.
   */
  public Map<String, Object> refresh(String id) {
    Sync sync = sync(id, true);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("message", "Refreshed the tools of MCP server " + id);
    summary.put("added", sync.added());
    summary.put("updated", sync.updated());
    summary.put("deleted", sync.deleted());
    return summary;
  }

  private record Sync(List<ToolView> registered, List<String> added, List<String> updated, List<String> deleted) {
  }

  private Sync sync(String id, boolean prune) {
    Map<String, Object> server = servers.get(id);
    String serverName = (String) server.get("server_name");
    List<Map<String, Object>> offered = servers.tools(id);
    Set<String> known = tools.forMcpServer(id).stream().map(ToolView::name).collect(Collectors.toSet());
    List<ToolView> registered = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    Instant now = Instant.now();
    for (Map<String, Object> t : offered) {
      String name = (String) t.get("name");
      @SuppressWarnings("unchecked")
      Map<String, Object> input = (Map<String, Object>) t.getOrDefault("input_schema", Map.of("type", "object"));
      ToolView candidate = mcpTool(Ids.newId(Ids.TOOL), name, (String) t.get("description"), input, id, serverName);
      var toolId = tools.upsertMcp(candidate, id, now);
      if (toolId.isEmpty()) {
        Log.warnf("MCP server %s offers tool '%s', but another tool has that name; it is not registered", id, name);
        continue;
      }
      (known.contains(name) ? updated : added).add(name);
      registered.add(registry.get(toolId.get()));
    }
    List<String> deleted = new ArrayList<>();
    if (prune) {
      Set<String> names = offered.stream().map(t -> (String) t.get("name")).collect(Collectors.toSet());
      for (ToolView gone : tools.forMcpServer(id)) {
        if (!names.contains(gone.name())) {
          tools.delete(gone.id());
          deleted.add(gone.name());
        }
      }
    }
    return new Sync(registered, added, updated, deleted);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parameters(ToolView tool) {
    Object parameters = tool.jsonSchema() == null ? null : tool.jsonSchema().get("parameters");
    return parameters instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of("type", "object");
  }

  /** Letta's shape of an MCP tool: tagged {@code mcp:<server name>}, the server named in {@code metadata_.mcp}. */
  private static ToolView mcpTool(String id, String name, String description, Map<String, Object> input,
      String serverId, String serverName) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", name);
    if (description != null) {
      schema.put("description", description);
    }
    schema.put("parameters", input);
    Map<String, Object> mcp = new LinkedHashMap<>();
    mcp.put("server_name", serverName);
    mcp.put("server_id", serverId);
    return new ToolView(id, ToolDefinition.EXTERNAL_MCP, description, null, name, List.of("mcp:" + serverName),
        null, schema, null, RETURN_CHAR_LIMIT, null, null, null, false, Ids.DEFAULT_USER, Ids.DEFAULT_USER,
        Map.of("mcp", mcp), null);
  }
}
