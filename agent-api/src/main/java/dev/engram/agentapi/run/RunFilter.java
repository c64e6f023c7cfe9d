package dev.engram.agentapi.run;

import java.util.List;

/**
 * What {@code GET /v1/runs/} asks for: runs of any of {@code agentIds} (empty: every agent), with any of
 * {@code statuses} (empty: any), optionally only background or only active (created or running) ones, one stop
 * reason, one conversation; a cursor page of at most {@code limit} in creation order.
 */
public record RunFilter(List<String> agentIds, List<String> statuses, Boolean background, String stopReason,
    boolean active, String conversationId, String before, String after, int limit, boolean ascending) {
}
