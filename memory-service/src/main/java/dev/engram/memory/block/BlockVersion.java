package dev.engram.memory.block;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One version of a block, as listed by {@code GET /v1/blocks/{id}/history}. */
public record BlockVersion(
    String blockId,
    int version,
    String operation,
    String label,
    String value,
    int limit,
    String description,
    boolean readOnly,
    Map<String, Object> metadata,
    List<String> tags,
    Actor actor,
    Integer restoredFromVersion,
    Instant createdAt) {

  /** Who made the change. */
  public record Actor(String type, String id, String agentId, String runId, String toolCallId, String toolName) {
  }
}
