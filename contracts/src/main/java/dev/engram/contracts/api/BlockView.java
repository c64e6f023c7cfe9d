package dev.engram.contracts.api;

import java.util.List;
import java.util.Map;

/** A core memory block in Letta's {@code BlockResponse} shape. */
public record BlockView(
    String id,
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
    String templateId,
    String baseTemplateId,
    String deploymentId,
    String entityId,
    Boolean preserveOnMigration,
    String projectId,
    String createdById,
    String lastUpdatedById) {
}
