package dev.engram.contracts.api;

import java.util.Map;

/**
 * A tool as the agent loop needs it: name, kind and the JSON schema sent to the model; for a custom tool also
 * its source ({@code sourceType} "python") for tool-executor's sandbox; for an MCP tool ({@code toolType}
 * "external_mcp") the id of the MCP server that serves it (its name on that server is {@code name}).
 */
public record ToolDefinition(
    String id,
    String name,
    String description,
    String toolType,
    Map<String, Object> jsonSchema,
    Integer returnCharLimit,
    String sourceType,
    String sourceCode,
    String mcpServerId) {

  /** A tool that no MCP server serves. */
  public ToolDefinition(String id, String name, String description, String toolType, Map<String, Object> jsonSchema,
      Integer returnCharLimit, String sourceType, String sourceCode) {
    this(id, name, description, toolType, jsonSchema, returnCharLimit, sourceType, sourceCode, null);
  }

  /** A tool without source (built-in tools; the form before custom tools existed). */
  public ToolDefinition(String id, String name, String description, String toolType, Map<String, Object> jsonSchema,
      Integer returnCharLimit) {
    this(id, name, description, toolType, jsonSchema, returnCharLimit, null, null, null);
  }

  /** Letta's tool type of the core and memory tools that memory-service executes. */
  public static final String LETTA_CORE = "letta_core";
  public static final String LETTA_MEMORY_CORE = "letta_memory_core";
  public static final String LETTA_SLEEPTIME_CORE = "letta_sleeptime_core";
  public static final String CUSTOM = "custom";
  /** Letta's tool type of tools served by an MCP server. */
  public static final String EXTERNAL_MCP = "external_mcp";
}
