package dev.engram.agentapi.agent;

import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.ToolRule;
import java.util.List;
import java.util.Map;

/** The body of {@code PATCH /v1/agents/{id}}: absent (or null) fields stay as they are;
 * {@code compaction_settings} and {@code secrets} replace the stored ones as a whole. */
public record UpdateAgentRequest(
    String name,
    String system,
    String description,
    List<String> tags,
    Map<String, Object> metadata,
    String model,
    Integer contextWindowLimit,
    List<String> toolIds,
    String timezone,
    Boolean messageBufferAutoclear,
    List<ToolRule> toolRules,
    CompactionSettings compactionSettings,
    Map<String, String> secrets,
    Map<String, String> toolExecEnvironmentVariables,
    Boolean parallelToolCalls) {
}
