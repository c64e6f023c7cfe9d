package dev.engram.contracts.events;

import java.time.Instant;

/** An agent was deleted; its history and queued work go with it. */
public record AgentDeleted(String eventId, String agentId, Instant deletedAt) implements AgentInboxEvent {
}
