package dev.engram.agentapi.tool;

import java.util.List;

/** Filters and paging of {@code GET /v1/tools/}. */
public record ToolQuery(String name, List<String> names, List<String> toolTypes, String search, String before,
    String after, int limit, boolean ascending) {
}
