package dev.engram.agentapi.step;

/** Letta's {@code StepMetrics}: where the time of one step went, in nanoseconds. */
public record StepMetricsView(String id, String runId, String agentId, Long stepStartNs, Long llmRequestNs,
    Long toolExecutionNs, Long stepNs) {
}
