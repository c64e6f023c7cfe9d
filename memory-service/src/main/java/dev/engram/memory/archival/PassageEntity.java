package dev.engram.memory.archival;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored passage; {@code embedding} is null when it was not read (lists and search results). */
public record PassageEntity(
    String id,
    String archiveId,
    String text,
    float[] embedding,
    List<String> tags,
    Map<String, Object> metadata,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt) {
}
