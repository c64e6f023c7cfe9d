package dev.engram.agentapi.tool;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code PATCH /v1/tools/{id}} (Letta's {@code ToolUpdate}): absent or null fields stay as they are. */
public record ToolUpdate(
    String description,
    List<String> tags,
    String sourceCode,
    String sourceType,
    Map<String, Object> jsonSchema,
    Map<String, Object> argsJsonSchema,
    Integer returnCharLimit,
    List<Map<String, Object>> pipRequirements,
    List<Map<String, Object>> npmRequirements,
    @JsonProperty("metadata_") Map<String, Object> metadata,
    Boolean defaultRequiresApproval,
    Boolean enableParallelExecution) {
}
