package dev.engram.agentapi.agent;

import dev.engram.agentapi.tool.ToolView;
import dev.engram.contracts.api.BlockView;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.contracts.api.LlmConfig;
import dev.engram.contracts.api.ToolRule;
import dev.engram.contracts.message.ApprovalRequestMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Letta's {@code AgentState}. Every field the OpenAPI schema requires is always present; relations
 * that were not included come back empty, as Letta 1.0 does.
 */
public record AgentState(
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt,
    String id,
    String name,
    List<ToolRule> toolRules,
    String system,
    String agentType,
    LlmConfig llmConfig,
    String model,
    String embedding,
    String description,
    Map<String, Object> metadata,
    Memory memory,
    List<BlockView> blocks,
    List<ToolView> tools,
    List<Object> sources,
    List<String> tags,
    List<Object> toolExecEnvironmentVariables,
    List<Object> secrets,
    List<String> identityIds,
    List<Object> identities,
    boolean messageBufferAutoclear,
    boolean enableSleeptime,
    Instant lastRunCompletion,
    Long lastRunDurationMs,
    String lastStopReason,
    String timezone,
    CompactionSettings compactionSettings,
    ApprovalRequestMessage pendingApproval) {

  /** Letta's {@code Memory}: the agent's core memory blocks (file blocks are not supported yet). */
  public record Memory(String agentType, boolean gitEnabled, List<BlockView> blocks, List<Object> fileBlocks,
      String promptTemplate) {
  }

  /** This state with the agent's (masked) secrets, shown under both of Letta's names for them. */
  public AgentState withSecrets(List<?> masked) {
    List<Object> shown = List.copyOf(masked);
    return new AgentState(createdById, lastUpdatedById, createdAt, updatedAt, id, name, toolRules, system, agentType,
        llmConfig, model, embedding, description, metadata, memory, blocks, tools, sources, tags, shown, shown,
        identityIds, identities, messageBufferAutoclear, enableSleeptime, lastRunCompletion, lastRunDurationMs,
        lastStopReason, timezone, compactionSettings, pendingApproval);
  }

  /** Assembles the state of {@code agent} with the given relations and no pending approval shown. */
  public static AgentState of(AgentRecord agent, List<BlockView> blocks, List<ToolView> tools, List<String> tags) {
    return of(agent, blocks, tools, tags, null);
  }

  /** Assembles the state of {@code agent} with the given relations and pending approval request (null: none). */
  public static AgentState of(AgentRecord agent, List<BlockView> blocks, List<ToolView> tools, List<String> tags,
      ApprovalRequestMessage pendingApproval) {
    return new AgentState(
        agent.createdById(), agent.lastUpdatedById(), agent.createdAt(), agent.updatedAt(),
        agent.id(), agent.name(), List.copyOf(agent.toolRules()), agent.system(), agent.agentType(), agent.llmConfig(),
        agent.llmConfig().handle(), agent.embedding(), agent.description(), agent.metadata(),
        new Memory(agent.agentType(), false, blocks, List.of(), ""), blocks, tools, List.of(), tags,
        List.of(), List.of(), List.of(), List.of(), agent.messageBufferAutoclear(), false,
        agent.lastRunCompletion(), agent.lastRunDurationMs(), agent.lastStopReason(), agent.timezone(),
        CompactionSettingsRules.effective(agent.compactionSettings()), pendingApproval);
  }
}
