package dev.engram.toolexecutor.mcp;

import java.util.List;
import java.util.Map;

/**
 * Letta's MCP server {@code config} of a create or update request, for any {@code mcp_server_type}; in an update,
 * absent fields stay as they are and a masked secret sent back unchanged keeps the stored one.
 */
public record McpServerConfig(String mcpServerType, String serverUrl, String command, List<String> args,
    Map<String, String> env, String authHeader, String authToken, Map<String, String> customHeaders) {

  /** Without secret values. */
  @Override
  public String toString() {
    return "McpServerConfig[type=" + mcpServerType + ", url=" + serverUrl + ", command=" + command + "]";
  }
}
