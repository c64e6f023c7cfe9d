package dev.engram.toolexecutor.mcp;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One registered MCP server with its secrets in clear (only ever in memory; never log or return it as is).
 *
 * @param serverType {@code stdio}, {@code sse} or {@code streamable_http}
 * @param authToken  the value of {@code authHeader} (secret)
 * @param customHeaders extra HTTP headers (values secret)
 * @param env        environment of a stdio server's process (values secret)
 */
public record McpServer(String id, String serverName, String serverType, String serverUrl, String command,
    List<String> args, String authHeader, String authToken, Map<String, String> customHeaders,
    Map<String, String> env, Instant createdAt, Instant updatedAt) {

  public static final String STDIO = "stdio";
  public static final String SSE = "sse";
  public static final String STREAMABLE_HTTP = "streamable_http";

  /** Whether the server is reached over HTTP. */
  public boolean remote() {
    return !STDIO.equals(serverType);
  }

  /** Without secrets. */
  @Override
  public String toString() {
    return "McpServer[id=" + id + ", name=" + serverName + ", type=" + serverType + ", url=" + serverUrl
        + ", command=" + command + "]";
  }
}
