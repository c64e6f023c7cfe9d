package dev.engram.memory.archival;

import java.util.List;
import java.util.Map;

/**
 * What the indexes keep of a passage: its row without the embedding (so a search answers without asking
 * PostgreSQL for the result rows) and what filters test (tags, creation time).
 */
public record PassageMeta(PassageEntity passage, long createdAtMillis) {

  /** The passage as kept in memory: no embedding (the vector index holds it), repeated strings shared. */
  public static PassageMeta of(PassageEntity p) {
    // Creator ids and tags repeat across most rows; sharing them keeps 100k passages a few MB smaller.
    PassageEntity kept = new PassageEntity(p.id(), p.archiveId().intern(), p.text(), null,
        p.tags().stream().map(String::intern).toList(), p.metadata().isEmpty() ? Map.of() : p.metadata(),
        intern(p.createdById()), intern(p.lastUpdatedById()), p.createdAt(), p.updatedAt());
    return new PassageMeta(kept, p.createdAt().toEpochMilli());
  }

  /** The passage's tags. */
  public List<String> tags() {
    return passage.tags();
  }

  private static String intern(String s) {
    return s == null ? null : s.intern();
  }
}
