package dev.engram.memory.archival;

import dev.engram.contracts.api.EmbeddingConfig;
import java.time.Instant;
import java.util.Map;

/** A stored archive: a named set of passages embedded with one model. */
public record ArchiveEntity(
    String id,
    String name,
    String description,
    Map<String, Object> metadata,
    EmbeddingConfig embeddingConfig,
    String vectorDbProvider,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt) {

  /** Letta's {@code Archive} JSON. */
  public ArchiveView toView() {
    return new ArchiveView(id, name, description, vectorDbProvider, embeddingConfig, metadata,
        dev.engram.contracts.Ids.DEFAULT_ORG, createdById, lastUpdatedById, createdAt, updatedAt);
  }
}
