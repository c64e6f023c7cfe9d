package dev.engram.agentapi.step;

import dev.engram.contracts.StopReason;
import java.util.List;

/**
 * Letta's {@code Step}: one model call of a run and its tool calls, with the tokens it used. Engram journals a step
 * only when it committed, so its status is always {@code success}; {@code stop_reason} is not known per step.
 */
public record StepView(
    String id,
    String runId,
    String agentId,
    String providerName,
    String providerCategory,
    String model,
    String modelHandle,
    Integer completionTokens,
    Integer promptTokens,
    Integer totalTokens,
    StopReason stopReason,
    List<String> tags,
    List<Object> messages,
    String status) {
}
