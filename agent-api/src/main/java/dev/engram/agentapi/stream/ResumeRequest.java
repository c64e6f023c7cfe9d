package dev.engram.agentapi.stream;

/** The body of {@code POST /v1/runs/{run_id}/stream} (Letta's {@code RetrieveStreamRequest}). */
public record ResumeRequest(Long startingAfter, Boolean includePings, Double pollInterval, Integer batchSize,
    String agentId, String runId, String otid) {
}
