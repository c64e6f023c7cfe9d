package dev.engram.steprunner.persistence;

import dev.engram.platform.llm.LlmResponse;

/** A journaled step: the model's answer and, once committed, how the loop goes on. */
public record StepRecord(
    String id,
    String runId,
    String agentId,
    int stepIndex,
    String status,
    String modelHandle,
    LlmResponse response,
    Boolean continueLoop,
    String stopReason,
    long llmRequestNs,
    long toolExecutionNs,
    long stepNs) {

  public boolean committed() {
    return "committed".equals(status);
  }
}
