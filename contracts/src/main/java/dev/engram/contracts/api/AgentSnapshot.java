package dev.engram.contracts.api;

import java.util.List;

/**
 * What step-runner needs to know of an agent to run it, carried with every inbound message.
 * {@code embedding} is the agent's embedding model handle (optional): its archival memory is embedded with it.
 * {@code toolRules} are the agent's tool rules (null or empty: none); with {@code messageBufferAutoclear}
 * the in-context messages go back to just the system message after every run (workflow agents).
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
    Boolean messageBufferAutoclear) {

  /** A snapshot without tool rules and without autoclear (the form before tool rules existed). */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone, String embedding) {
    this(id, name, agentType, system, llmConfig, tools, timezone, embedding, null, null);
  }

  /** A snapshot of an agent without an embedding handle (the server's default model). */
  public AgentSnapshot(String id, String name, String agentType, String system, LlmConfig llmConfig,
      List<ToolDefinition> tools, String timezone) {
    this(id, name, agentType, system, llmConfig, tools, timezone, null);
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
