package dev.engram.agentapi.secret;

import java.time.Instant;

/**
 * Letta's {@code AgentEnvironmentVariable} as this server shows it: the key and a masked value, never the value
 * itself (only tool-executor reads values, through the internal API).
 */
public record AgentSecretView(String id, String key, String value, String description, String agentId,
    String createdById, String lastUpdatedById, Instant createdAt, Instant updatedAt) {
}
