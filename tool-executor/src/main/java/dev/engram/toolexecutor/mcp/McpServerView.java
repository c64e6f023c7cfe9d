package dev.engram.toolexecutor.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MCP server as the API shows it, in Letta's {@code StdioMCPServer} / {@code SSEMCPServer} /
 * {@code StreamableHTTPMCPServer} shapes, with every secret value replaced by {@link #MASK}.
 */
public record McpServerView(String id, String serverName, String mcpServerType, String serverUrl, String command,
    List<String> args, Map<String, String> env, String authHeader, String authToken,
    Map<String, String> customHeaders) {

  /** What a secret value reads as. */
  public static final String MASK = "********";

  /** The masked view of {@code s}. */
  static McpServerView of(McpServer s) {
    boolean remote = s.remote();
    return new McpServerView(s.id(), s.serverName(), s.serverType(), s.serverUrl(), s.command(),
        remote ? null : (s.args() == null ? List.of() : s.args()), remote ? null : mask(s.env()),
        remote ? s.authHeader() : null, s.authToken() == null ? null : MASK, remote ? mask(s.customHeaders()) : null);
  }

  private static Map<String, String> mask(Map<String, String> secrets) {
    if (secrets == null) {
      return null;
    }
    Map<String, String> masked = new LinkedHashMap<>();
    secrets.keySet().forEach(k -> masked.put(k, MASK));
    return masked;
  }
}
