package dev.engram.contracts.api;

import java.util.List;

/**
 * What step-runner needs to know of an agent to run it, carried with every inbound message.
 * {@code embedding} is the agent's embedding model handle (optional): its archival memory is embedded with it.
 * {@code toolRules} are the agent's tool rules (null or empty: none); with {@code messageBufferAutoclear}
 * the in-context messages go back to just the system message after every run (workflow agents).
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
    List<ToolRule> toolRules,
    Boolean messageBufferAutoclear,
    CompactionSettings compactionSettings) {

  /** A snapshot without tool rules, autoclear or compaction settings (the form before they existed). */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone, String embedding) {
    this(id, name, agentType, system, llmConfig, tools, timezone, embedding, null, null, null);
  }

  /** A snapshot with tool rules and autoclear and the default compaction settings. */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone, String embedding, List<ToolRule> toolRules,
      Boolean messageBufferAutoclear) {
    this(id, name, agentType, system, llmConfig, tools, timezone, embedding, toolRules, messageBufferAutoclear,
        null);
  }

  /** A snapshot with compaction settings and neither tool rules nor autoclear. */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone, String embedding, CompactionSettings compactionSettings) {
    this(id, name, agentType, system, llmConfig, tools, timezone, embedding, null, null, compactionSettings);
  }

  /** A snapshot of an agent without an embedding handle (the server's default model). */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone) {
    this(id, name, agentType, system, llmConfig, tools, timezone, null, null);
  }

  /** The tool rules, never null. */
  public List<ToolRule> rules() {
    return toolRules == null ? List.of() : toolRules;
  }

  /** Whether the context is cleared back to the system message after each run. */
  public boolean autoclear() {
    return Boolean.TRUE.equals(messageBufferAutoclear);
  }
}
