package dev.engram.agentapi.tool;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/tools/run} (Letta's {@code ToolRunFromSource}). */
public record ToolRunFromSource(
    String sourceCode,
    Map<String, Object> args,
    Map<String, String> envVars,
    String name,
    String sourceType,
    Map<String, Object> argsJsonSchema,
    Map<String, Object> jsonSchema,
    List<Map<String, Object>> pipRequirements,
    List<Map<String, Object>> npmRequirements) {

  /** Without the environment's values. */
  @Override
  public String toString() {
    return "ToolRunFromSource[name=" + name + ", envVars=" + (envVars == null ? "{}" : envVars.keySet()) + "]";
  }
}
