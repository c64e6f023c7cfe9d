package dev.engram.agentapi.client;

/** tool-executor could not reach an MCP server (its 502): answered as Letta's {@code mcp_connection_error}. */
public class McpConnectionError extends RuntimeException {
  McpConnectionError(String message, Throwable cause) {
    super(message, cause);
  }
}
