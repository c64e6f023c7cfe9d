package dev.engram.toolexecutor.mcp;

/** tool-executor could not reach an MCP server, or the server broke the protocol: Letta's {@code mcp_connection_error}. */
public class McpConnectionException extends RuntimeException {
  public McpConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
