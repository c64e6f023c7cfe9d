package dev.engram.agentapi.tool;

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
    Map<String, Object> jsonSchema,
    Integer returnCharLimit,
    Boolean enableParallelExecution,
    String createdById,
    String lastUpdatedById) {

  /** What the agent loop needs of this tool. */
  public ToolDefinition definition() {
    return new ToolDefinition(id, name, description, toolType, jsonSchema, returnCharLimit);
  }
}
