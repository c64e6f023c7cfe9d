package dev.engram.toolexecutor.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.contracts.api.ToolDefinition;
import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.platform.rest.ApiException;
import dev.engram.toolexecutor.execution.ToolExecutor;
import dev.engram.toolexecutor.execution.ToolInvocation;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs tools served by an MCP server ({@code tool_type} "external_mcp"): one {@code tools/call} on the server's
 * shared session. Whatever goes wrong (server gone, unreachable, timeout, the tool's own error) is an error return.
 */
@ApplicationScoped
public class McpToolExecutor implements ToolExecutor {
  /** Plain Jackson, so arguments keep their own names (the wire mapper would rename camelCase keys). */
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  private final McpServerService servers;
  private final McpConnections connections;

  McpToolExecutor(McpServerService servers, McpConnections connections) {
    this.servers = servers;
    this.connections = connections;
  }

  @Override
  public boolean handles(ToolDefinition tool) {
    return ToolDefinition.EXTERNAL_MCP.equals(tool.toolType()) && tool.mcpServerId() != null;
  }

  @Override
  public ToolExecutionResult execute(ToolInvocation invocation) {
    Map<String, Object> arguments = PLAIN.convertValue(invocation.arguments(), MAP);
    return call(invocation.tool().mcpServerId(), invocation.tool().name(), arguments);
  }

  /** Calls tool {@code name} of server {@code serverId}; 404 (as an exception) only if the server does not exist. */
  public ToolExecutionResult run(String serverId, String name, Map<String, Object> arguments) {
    return call(servers.get(serverId), name, arguments);
  }

  private ToolExecutionResult call(String serverId, String name, Map<String, Object> arguments) {
    McpServer server;
    try {
      server = servers.get(serverId);
    } catch (ApiException e) {
      return ToolExecutionResult.error("Error executing MCP tool '" + name + "': its MCP server " + serverId
          + " no longer exists.");
    }
    return call(server, name, arguments);
  }

  private ToolExecutionResult call(McpServer server, String name, Map<String, Object> arguments) {
    McpSchema.CallToolResult result;
    try {
      result = connections.request(server, false,
          client -> client.callTool(new McpSchema.CallToolRequest(name, arguments == null ? Map.of() : arguments)));
    } catch (McpError e) {
      return ToolExecutionResult.error("Error executing MCP tool '" + name + "': " + e.getMessage());
    } catch (McpConnectionException e) {
      return ToolExecutionResult.error("Error executing MCP tool '" + name + "': " + e.getMessage());
    }
    String text = text(result);
    return Boolean.TRUE.equals(result.isError())
        ? ToolExecutionResult.error(text.isEmpty() ? "MCP tool '" + name + "' reported an error" : text)
        : ToolExecutionResult.success(text);
  }

  /** The result as the agent reads it: text parts joined; other parts described; structured content as JSON. */
  static String text(McpSchema.CallToolResult result) {
    List<String> parts = new ArrayList<>();
    if (result.content() != null) {
      for (McpSchema.Content content : result.content()) {
        parts.add(switch (content) {
          case McpSchema.TextContent t -> t.text();
          case McpSchema.ImageContent i -> "[image: " + i.mimeType() + "]";
          case McpSchema.AudioContent a -> "[audio: " + a.mimeType() + "]";
          case McpSchema.EmbeddedResource r -> "[resource: " + r.resource().uri() + "]";
          case McpSchema.ResourceLink l -> "[resource link: " + l.uri() + "]";
          default -> "[" + content.type() + "]";
        });
      }
    }
    if (parts.isEmpty() && result.structuredContent() != null) {
      try {
        return PLAIN.writeValueAsString(result.structuredContent());
      } catch (JsonProcessingException e) {
        return String.valueOf(result.structuredContent());
      }
    }
    return String.join("\n", parts);
  }
}
