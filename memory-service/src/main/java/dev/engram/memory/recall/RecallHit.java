package dev.engram.memory.recall;

import java.time.Instant;

/**
 * One indexed message returned by a recall search: its text, an assistant's reasoning ({@code thinking}),
 * and how it ranked (null where the search did not rank, e.g. when read back by id).
 */
public record RecallHit(String messageId, String role, String text, String thinking, Instant createdAt,
    Relevance relevance) {

  /**
   * Letta's relevance metadata: the fused score and the message's 1-based rank in each list that found it;
   * {@code searchMode} is set by single-mode searches only, as in Letta.
   */
  public record Relevance(double rrfScore, Integer vectorRank, Integer ftsRank, String searchMode) {
  }

  /** The same message ranked as {@code r}. */
  public RecallHit withRelevance(Relevance r) {
    return new RecallHit(messageId, role, text, thinking, createdAt, r);
  }
}
