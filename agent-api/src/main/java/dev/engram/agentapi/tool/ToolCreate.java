package dev.engram.agentapi.tool;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/tools/} and {@code PUT /v1/tools/} (Letta's {@code ToolCreate}). */
public record ToolCreate(
    String description,
    List<String> tags,
    String sourceCode,
    String sourceType,
    Map<String, Object> jsonSchema,
    Map<String, Object> argsJsonSchema,
    Integer returnCharLimit,
    List<Map<String, Object>> pipRequirements,
    List<Map<String, Object>> npmRequirements,
    Boolean defaultRequiresApproval,
    Boolean enableParallelExecution) {
}
