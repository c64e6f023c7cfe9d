package dev.engram.agentapi.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code conversations}: a conversation of an agent other than its default one. {@code model},
 * {@code modelSettings} and {@code contextWindowLimit} (each null: the agent's) apply to the conversation's runs.
 */
public record ConversationRecord(
    String id,
    String agentId,
    String summary,
    String description,
    boolean hidden,
    boolean archived,
    Instant archivedAt,
    String model,
    Map<String, Object> modelSettings,
    Integer contextWindowLimit,
    List<String> isolatedBlockLabels,
    String createdById,
    String lastUpdatedById,
    Instant createdAt,
    Instant updatedAt,
    Instant lastMessageAt) {
}
