package dev.engram.agentapi.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.engram.contracts.api.ToolDefinition;
import java.util.List;
import java.util.Map;

/** A registered tool in Letta's {@code Tool} shape. */
public record ToolView(
    String id,
    String toolType,
    String description,
    String sourceType,
    String name,
    List<String> tags,
    String sourceCode,
    Map<String, Object> jsonSchema,
    Map<String, Object> argsJsonSchema,
    Integer returnCharLimit,
    List<Map<String, Object>> pipRequirements,
    List<Map<String, Object>> npmRequirements,
    Boolean defaultRequiresApproval,
    Boolean enableParallelExecution,
    String createdById,
    String lastUpdatedById,
    @JsonProperty("metadata_") Map<String, Object> metadata,
    String projectId) {

  /**
   * What the agent loop needs of this tool; a custom tool brings its source for tool-executor's sandbox, an MCP tool
   * the id of its server.
   */
  public ToolDefinition definition() {
    boolean custom = ToolDefinition.CUSTOM.equals(toolType);
    return new ToolDefinition(id, name, description, toolType, jsonSchema, returnCharLimit,
        custom ? sourceType : null, custom ? sourceCode : null, mcpServerId());
  }

  /** For an MCP tool ({@code external_mcp}), the id of the server in {@code metadata_.mcp.server_id}. */
  public String mcpServerId() {
    if (!ToolDefinition.EXTERNAL_MCP.equals(toolType) || metadata == null
        || !(metadata.get("mcp") instanceof Map<?, ?> mcp)) {
      return null;
    }
    return mcp.get("server_id") instanceof String id ? id : null;
  }
}
