package dev.engram.contracts.api;

import java.util.List;
import java.util.Map;

/** Letta's {@code CreateBlock} body: a new block's label, value and settings. */
public record BlockCreate(
    String label,
    String value,
    Integer limit,
    String description,
    Boolean readOnly,
    Map<String, Object> metadata,
    List<String> tags,
    Boolean hidden,
    Boolean isTemplate,
    String templateName,
    String projectId,
    Boolean preserveOnMigration) {
}
