package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/** A block was deleted and detached from {@code agentIds}. */
public record BlockDeleted(String eventId, String blockId, List<String> agentIds, Instant deletedAt)
    implements MemoryEvent {
}
