package dev.engram.memory.recall;

import java.time.Instant;
import java.util.List;

/**
 * A search of one agent's recall index: optional text {@code query}, optional {@code roles} filter and
 * time window (inclusive bounds), newest {@code limit} matches.
 */
public record RecallQuery(String agentId, String query, List<String> roles, Instant start, Instant end, int limit) {
}
