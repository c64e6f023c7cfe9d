package dev.engram.memory.block;

import dev.engram.contracts.api.BlockView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored core memory block (row of {@code blocks}). */
public record BlockEntity(
    String id,
    String label,
    String value,
    int limit,
    String description,
    boolean readOnly,
    Map<String, Object> metadata,
    List<String> tags,
    Boolean hidden,
    boolean isTemplate,
    String templateName,
    String projectId,
    Boolean preserveOnMigration,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt) {

  /** Letta's {@code BlockResponse} view of this block. */
  public BlockView toView() {
    return new BlockView(id, label, value, limit, description, readOnly, metadata, tags, hidden, isTemplate,
        templateName, null, null, null, null, preserveOnMigration, projectId, createdById, lastUpdatedById);
  }

  /** A copy with another value. */
  public BlockEntity withValue(String newValue) {
    return new BlockEntity(id, label, newValue, limit, description, readOnly, metadata, tags, hidden, isTemplate,
        templateName, projectId, preserveOnMigration, createdById, lastUpdatedById, createdAt, updatedAt);
  }
}
