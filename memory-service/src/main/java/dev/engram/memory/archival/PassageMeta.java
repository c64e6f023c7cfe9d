package dev.engram.memory.archival;

import java.util.List;

/** What the vector index keeps of a passage so that searches can filter by tags and creation time. */
public record PassageMeta(List<String> tags, long createdAtMillis) {
}
