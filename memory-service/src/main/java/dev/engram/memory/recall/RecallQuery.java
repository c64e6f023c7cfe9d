package dev.engram.memory.recall;

import java.time.Instant;
import java.util.List;

/**
 * A search of one agent's recall index: optional text {@code query} ranked by {@code mode}, optional
 * {@code roles} filter and time window (inclusive bounds), at most {@code limit} messages. Without a query
 * the newest messages match.
 */
public record RecallQuery(String agentId, String query, List<String> roles, Instant start, Instant end, int limit,
    SearchMode mode) {

  /** Whether the query has text to rank by. */
  public boolean hasText() {
    return query != null && !query.isBlank();
  }

  /** Whether {@code role} and {@code createdAt} pass the query's filters. */
  public boolean admits(String role, Instant createdAt) {
    return (roles == null || roles.isEmpty() || roles.contains(role))
        && (start == null || !createdAt.isBefore(start))
        && (end == null || !createdAt.isAfter(end));
  }
}
