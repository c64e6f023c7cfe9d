package dev.engram.memory.block;

import java.util.List;

/** Filters and page of {@code GET /v1/blocks/} (Letta's query parameters). */
public record BlockQuery(
    String label,
    boolean templatesOnly,
    String name,
    String projectId,
    List<String> tags,
    boolean matchAllTags,
    String labelSearch,
    String valueSearch,
    String descriptionSearch,
    Integer connectedGt,
    Integer connectedLt,
    List<Integer> connectedEq,
    boolean identityFilter,
    String before,
    String after,
    int limit,
    boolean ascending) {
}
