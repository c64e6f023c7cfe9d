package dev.engram.contracts.api;

import java.util.List;

/**
 * What step-runner needs to know of an agent to run it, carried with every inbound message.
 * {@code embedding} is the agent's embedding model handle (optional): its archival memory is embedded with it.
 * {@code compactionSettings} (optional) says how its context window is compacted.
 */
public record AgentSnapshot(
    String id,
    String name,
    String agentType,
    String system,
    LlmConfig llmConfig,
    List<ToolDefinition> tools,
    String timezone,
    String embedding,
    CompactionSettings compactionSettings) {

  /** A snapshot of an agent with the default compaction settings. */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone, String embedding) {
    this(id, name, agentType, system, llmConfig, tools, timezone, embedding, null);
  }

  /** A snapshot of an agent without an embedding handle (the server's default model). */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone) {
    this(id, name, agentType, system, llmConfig, tools, timezone, null, null);
  }
}
