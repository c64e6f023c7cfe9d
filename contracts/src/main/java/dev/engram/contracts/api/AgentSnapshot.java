package dev.engram.contracts.api;

import java.util.List;

/** What step-runner needs to know of an agent to run it, carried with every inbound message. */
public record AgentSnapshot(
    String id,
    String name,
    String agentType,
    String system,
    LlmConfig llmConfig,
    List<ToolDefinition> tools,
    String timezone) {
}
