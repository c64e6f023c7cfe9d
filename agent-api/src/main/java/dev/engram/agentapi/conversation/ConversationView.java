package dev.engram.agentapi.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Letta's {@code Conversation} (with the SDK's {@code archived}, {@code archived_at}, {@code description} and
 * {@code context_window_limit}). {@code isolated_block_ids} are the conversation's private copies of the blocks
 * named by {@code isolated_block_labels} at creation (memory-service).
 */
public record ConversationView(
    String id,
    String agentId,
    String summary,
    String description,
    boolean archived,
    Instant archivedAt,
    List<String> inContextMessageIds,
    List<String> isolatedBlockIds,
    String model,
    Map<String, Object> modelSettings,
    Integer contextWindowLimit,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt,
    Instant lastMessageAt) {

  static ConversationView of(ConversationRecord c, List<String> inContext, List<String> isolatedBlockIds) {
    return new ConversationView(c.id(), c.agentId(), c.summary(), c.description(), c.archived(), c.archivedAt(),
        inContext, isolatedBlockIds, c.model(), c.modelSettings(), c.contextWindowLimit(), c.createdById(),
        c.lastUpdatedById(), c.createdAt(), c.updatedAt(), c.lastMessageAt());
  }
}
