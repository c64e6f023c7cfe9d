package dev.engram.memory.archival;

import dev.engram.contracts.api.EmbeddingConfig;
import java.util.List;
import java.util.Map;

/** Request bodies of the archival endpoints, in Letta's shapes. */
public final class ArchivalRequests {
  private ArchivalRequests() {
  }

  /** {@code ArchiveCreateRequest}: {@code embedding} is a handle; {@code embedding_config} is deprecated in Letta. */
  public record ArchiveCreate(String name, String description, String embedding, EmbeddingConfig embeddingConfig,
      Map<String, Object> metadata) {
  }

  /** {@code ArchiveUpdateRequest}. */
  public record ArchiveUpdate(String name, String description) {
  }

  /** {@code PassageCreateRequest} (and {@code CreateArchivalMemory}, which lacks metadata). */
  public record PassageCreate(String text, List<String> tags, Map<String, Object> metadata, String createdAt) {
  }

  /** {@code PassageBatchCreateRequest}. */
  public record PassageBatchCreate(List<PassageCreate> passages) {
  }

  /** {@code PassageSearchRequest}. */
  public record PassageSearch(String query, String agentId, String archiveId, List<String> tags,
      String tagMatchMode, Integer limit, String startDate, String endDate) {
  }

  /**
   * Internal bulk insert of passages whose vectors the caller computed (benchmarks, migrations): the
   * model and dimension must be the archive's, or the request is refused.
   */
  public record VectorPassages(String embeddingModel, Integer embeddingDim, List<VectorPassage> passages) {
  }

  /** One passage of {@link VectorPassages}. */
  public record VectorPassage(String text, float[] embedding, List<String> tags, String createdAt) {
  }
}
