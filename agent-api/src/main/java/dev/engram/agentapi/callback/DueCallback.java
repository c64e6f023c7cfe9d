package dev.engram.agentapi.callback;

import java.time.Instant;
import java.util.Map;

/** A claimed webhook delivery: the ended run it reports and the attempt this is (1-based). */
public record DueCallback(String runId, String agentId, String url, int attempt, String status, String stopReason,
    Instant completedAt, Map<String, Object> metadata) {
}
