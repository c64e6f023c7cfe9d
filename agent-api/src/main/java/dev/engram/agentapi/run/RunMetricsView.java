package dev.engram.agentapi.run;

/** Letta's {@code RunMetrics}: when the run started, how long it took and how many steps it made (nanoseconds). */
public record RunMetricsView(String id, String agentId, Long runStartNs, Long runNs, Integer numSteps) {
}
