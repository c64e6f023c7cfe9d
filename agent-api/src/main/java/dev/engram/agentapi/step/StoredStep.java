package dev.engram.agentapi.step;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** One row of the {@code steps} read model. */
public record StoredStep(String id, String runId, String agentId, int stepIndex, String modelHandle,
    int promptTokens, int completionTokens, int totalTokens, long stepNs, long llmRequestNs, long toolExecutionNs,
    Instant createdAt) {

  /** Letta's {@code Step} of this row. */
  public StepView view() {
    String provider = null;
    String model = modelHandle;
    if (modelHandle != null && modelHandle.contains("/")) {
      provider = modelHandle.substring(0, modelHandle.indexOf('/'));
      model = modelHandle.substring(modelHandle.indexOf('/') + 1);
    }
    return new StepView(id, runId, agentId, provider, provider == null ? null : "base", model, modelHandle,
        completionTokens, promptTokens, totalTokens, null, List.of(), List.of(), "success");
  }

  /** Letta's {@code StepMetrics} of this row. */
  public StepMetricsView metrics() {
    long startNs = ChronoUnit.NANOS.between(Instant.EPOCH, createdAt);
    return new StepMetricsView(id, runId, agentId, startNs, llmRequestNs, toolExecutionNs, stepNs);
  }
}
