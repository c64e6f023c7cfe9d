package dev.engram.memory.recall;

import java.time.Instant;

/** One indexed message returned by a recall search. */
public record RecallHit(String messageId, String role, String text, Instant createdAt) {
}
