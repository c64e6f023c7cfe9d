package dev.engram.agentapi.run;

/** Letta's {@code UsageStatistics} of a run ({@code GET /v1/runs/{id}/usage}). */
public record RunUsageView(int completionTokens, int promptTokens, int totalTokens) {
}
