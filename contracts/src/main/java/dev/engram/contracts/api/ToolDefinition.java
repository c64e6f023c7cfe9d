package dev.engram.contracts.api;

import java.util.Map;

/**
 * A tool as the agent loop needs it: name, kind and the JSON schema sent to the model; for a custom tool also
 * its source ({@code sourceType} "python") for tool-executor's sandbox.
 */
public record ToolDefinition(
    String id,
    String name,
    String description,
    String toolType,
    Map<String, Object> jsonSchema,
    Integer returnCharLimit,
    String sourceType,
    String sourceCode) {

  /** A tool without source (built-in tools; the form before custom tools existed). */
  public ToolDefinition(String id, String name, String description, String toolType, Map<String, Object> jsonSchema,
      Integer returnCharLimit) {
    this(id, name, description, toolType, jsonSchema, returnCharLimit, null, null);
  }

  /** Letta's tool type of the core and memory tools that memory-service executes. */
  public static final String LETTA_CORE = "letta_core";
  public static final String LETTA_MEMORY_CORE = "letta_memory_core";
  public static final String LETTA_SLEEPTIME_CORE = "letta_sleeptime_core";
  public static final String CUSTOM = "custom";
}
