package dev.engram.memory.archival;

import dev.engram.contracts.api.EmbeddingConfig;
import java.time.Instant;
import java.util.Map;

/** Letta's {@code Archive} response body. */
public record ArchiveView(
    String id,
    String name,
    String description,
    String vectorDbProvider,
    EmbeddingConfig embeddingConfig,
    Map<String, Object> metadata,
    String organizationId,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt) {
}
