package dev.engram.agentapi.agent;

import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One row of the {@code agents} table; {@code compactionSettings} as the client gave them (null: defaults). */
public record AgentRecord(
    String id,
    String name,
    String agentType,
    String system,
    String description,
    LlmConfig llmConfig,
    String embedding,
    List<String> tags,
    Map<String, Object> metadata,
    String timezone,
    boolean messageBufferAutoclear,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt,
    Instant lastRunCompletion,
    Long lastRunDurationMs,
    String lastStopReason,
    List<ToolRule> toolRules,
    CompactionSettings compactionSettings) {
}
