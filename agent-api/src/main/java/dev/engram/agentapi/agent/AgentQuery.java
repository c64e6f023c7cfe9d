package dev.engram.agentapi.agent;

import java.util.List;

/** Filters and paging of {@code GET /v1/agents/}; cursors are agent ids. */
public record AgentQuery(String name, List<String> tags, boolean matchAllTags, String queryText, String before,
    String after, int limit, boolean ascending) {
}
