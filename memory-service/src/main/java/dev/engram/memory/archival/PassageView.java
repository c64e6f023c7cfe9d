package dev.engram.memory.archival;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.engram.contracts.api.EmbeddingConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Letta's {@code Passage} response body. {@code embedding} and {@code embedding_config} are required but
 * nullable in Letta's schema, so they are always written; lists and search results send a null embedding
 * to keep responses small.
 */
public record PassageView(
    String id,
    String text,
    @JsonInclude(JsonInclude.Include.ALWAYS) float[] embedding,
    @JsonInclude(JsonInclude.Include.ALWAYS) EmbeddingConfig embeddingConfig,
    String archiveId,
    Map<String, Object> metadata,
    List<String> tags,
    boolean isDeleted,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt) {

  /** The view of {@code p}, stored in an archive embedded with {@code config}. */
  public static PassageView of(PassageEntity p, EmbeddingConfig config, boolean withEmbedding) {
    return new PassageView(p.id(), p.text(), withEmbedding ? p.embedding() : null, config, p.archiveId(),
        p.metadata(), p.tags(), false, p.createdById(), p.lastUpdatedById(), p.createdAt(),
        p.updatedAt());
  }
}
