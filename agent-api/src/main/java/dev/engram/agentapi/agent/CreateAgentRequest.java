package dev.engram.agentapi.agent;

import dev.engram.contracts.api.BlockCreate;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolRule;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /v1/agents/} (Letta's {@code CreateAgent}); fields this server does not use are ignored. */
public record CreateAgentRequest(
    String name,
    String agentType,
    String system,
    String description,
    List<BlockCreate> memoryBlocks,
    List<String> blockIds,
    List<String> tools,
    List<String> toolIds,
    Boolean includeBaseTools,
    String model,
    LlmConfig llmConfig,
    Integer contextWindowLimit,
    String embedding,
    List<String> tags,
    Map<String, Object> metadata,
    String timezone,
    Boolean messageBufferAutoclear,
    List<ToolRule> toolRules,
    Boolean includeBaseToolRules,
    CompactionSettings compactionSettings,
    Map<String, String> secrets,
    Map<String, String> toolExecEnvironmentVariables,
    Boolean includeMultiAgentTools,
    Boolean parallelToolCalls) {
}
