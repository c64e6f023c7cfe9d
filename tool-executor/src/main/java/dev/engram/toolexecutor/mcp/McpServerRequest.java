package dev.engram.toolexecutor.mcp;

/** Body of {@code POST} (both fields required) and {@code PATCH} (config required) on {@code /internal/mcp-servers}. */
public record McpServerRequest(String serverName, McpServerConfig config) {
}
