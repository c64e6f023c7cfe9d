package dev.engram.toolexecutor.mcp;

import dev.engram.contracts.Ids;
import dev.engram.platform.rest.ApiException;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registers MCP servers (validated, SSRF-checked, secrets encrypted) and lists the tools they serve. */
@ApplicationScoped
public class McpServerService {
  private static final Set<String> TYPES = Set.of(McpServer.STDIO, McpServer.SSE, McpServer.STREAMABLE_HTTP);

  private final McpServerRepository servers;
  private final McpConnections connections;
  private final McpUrlGuard guard;

  McpServerService(McpServerRepository servers, McpConnections connections, McpUrlGuard guard) {
    this.servers = servers;
    this.connections = connections;
    this.guard = guard;
  }

  /** A tool an MCP server offers: its name, description and JSON schema of its arguments. */
  public record McpToolView(String name, String description, Map<String, Object> inputSchema) {
  }

  /** Registers a server; 400 for a bad config, 409 for a taken name. */
  public McpServerView create(McpServerRequest request) {
    if (request == null || request.config() == null) {
      throw ApiException.unprocessable("config is required");
    }
    String name = requireName(request.serverName());
    McpServerConfig c = request.config();
    String type = type(c.mcpServerType());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    McpServer server = validate(new McpServer(Ids.newId(Ids.MCP_SERVER), name, type, c.serverUrl(), c.command(),
        c.args(), c.authHeader(), blankToNull(c.authToken()), c.customHeaders(), c.env(), now, now));
    if (!servers.insert(server)) {
      throw ApiException.conflict("An MCP server named '" + name + "' already exists");
    }
    return McpServerView.of(server);
  }

  /** Changes a server's name and config; a changed config takes effect at the next call (new session). */
  public McpServerView update(String id, McpServerRequest request) {
    McpServer old = get(id);
    if (request == null || request.config() == null) {
      throw ApiException.unprocessable("config is required");
    }
    McpServerConfig c = request.config();
    String type = c.mcpServerType() == null ? old.serverType() : type(c.mcpServerType());
    if (!type.equals(old.serverType())) {
      throw ApiException.badRequest("mcp_server_type cannot change from '" + old.serverType() + "' to '" + type
          + "'; delete the server and create it again");
    }
    String name = request.serverName() == null ? old.serverName() : requireName(request.serverName());
    McpServer updated = validate(new McpServer(old.id(), name, type, or(c.serverUrl(), old.serverUrl()),
        or(c.command(), old.command()), or(c.args(), old.args()), or(c.authHeader(), old.authHeader()),
        secret(c.authToken(), old.authToken()), secrets(c.customHeaders(), old.customHeaders()),
        secrets(c.env(), old.env()), old.createdAt(), Instant.now().truncatedTo(ChronoUnit.MICROS)));
    if (!servers.update(updated)) {
      throw ApiException.conflict("An MCP server named '" + name + "' already exists");
    }
    connections.evict(id);
    return McpServerView.of(updated);
  }

  /** Deletes a server and closes its session; 404 if there is none. */
  public void delete(String id) {
    if (!servers.delete(id)) {
      throw notFound(id);
    }
    connections.evict(id);
  }

  /** The masked view of one server. */
  public McpServerView view(String id) {
    return McpServerView.of(get(id));
  }

  /** Every server, masked, oldest first. */
  public List<McpServerView> list() {
    return servers.list().stream().map(McpServerView::of).toList();
  }

  /** The tools the server offers now (asked over its session; 502 if it cannot be reached). */
  public List<McpToolView> tools(String id) {
    McpServer server = get(id);
    List<McpToolView> tools = new ArrayList<>();
    String cursor = null;
    do {
      String page = cursor;
      McpSchema.ListToolsResult result = connections.request(server, true,
          client -> page == null ? client.listTools() : client.listTools(page));
      result.tools().forEach(t -> tools.add(new McpToolView(t.name(), t.description(), schema(t.inputSchema()))));
      cursor = result.nextCursor();
    } while (cursor != null && !cursor.isBlank());
    return tools;
  }

  /** The server with secrets in clear, for the calls this service makes; 404 if there is none. */
  public McpServer get(String id) {
    return servers.find(id).orElseThrow(() -> notFound(id));
  }

  private McpServer validate(McpServer s) {
    if (s.remote()) {
      guard.check(s.serverUrl());
      if (s.command() != null || (s.args() != null && !s.args().isEmpty()) || (s.env() != null && !s.env().isEmpty())) {
        throw ApiException.badRequest("command, args and env apply to stdio MCP servers only");
      }
      McpHeaders.validate(s);
      return s;
    }
    if (s.command() == null || s.command().isBlank()) {
      throw ApiException.badRequest("command is required for stdio MCP servers");
    }
    if (s.serverUrl() != null || s.authToken() != null || (s.customHeaders() != null && !s.customHeaders().isEmpty())) {
      throw ApiException.badRequest("server_url, auth_token and custom_headers apply to sse and streamable_http "
          + "MCP servers only");
    }
    return s;
  }

  private static Map<String, Object> schema(McpSchema.JsonSchema input) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", input == null || input.type() == null ? "object" : input.type());
    schema.put("properties", input == null || input.properties() == null ? Map.of() : input.properties());
    if (input != null && input.required() != null && !input.required().isEmpty()) {
      schema.put("required", input.required());
    }
    if (input != null && input.additionalProperties() != null) {
      schema.put("additionalProperties", input.additionalProperties());
    }
    if (input != null && input.defs() != null) {
      schema.put("$defs", input.defs());
    }
    return schema;
  }

  private static String type(String type) {
    if (type == null || !TYPES.contains(type)) {
      throw ApiException.unprocessable("config.mcp_server_type must be one of stdio, sse, streamable_http");
    }
    return type;
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.unprocessable("server_name is required");
    }
    return name.trim();
  }

  private static <T> T or(T value, T old) {
    return value == null ? old : value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A secret from an update: absent or the mask keeps the stored value; blank removes it. */
  private static String secret(String value, String old) {
    if (value == null || McpServerView.MASK.equals(value)) {
      return old;
    }
    return blankToNull(value);
  }

  /** Secret maps from an update: absent keeps all; given replaces all, a masked value keeping that key's value. */
  private static Map<String, String> secrets(Map<String, String> value, Map<String, String> old) {
    if (value == null) {
      return old;
    }
    Map<String, String> merged = new LinkedHashMap<>();
    value.forEach((k, v) -> {
      if (McpServerView.MASK.equals(v) && old != null && old.containsKey(k)) {
        merged.put(k, old.get(k));
      } else if (v != null) {
        merged.put(k, v);
      }
    });
    return merged;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("MCP server not found: " + id);
  }
}
