package dev.engram.contracts.events;

import java.time.Instant;
import java.util.List;

/** A block's value or settings changed; {@code agentIds} are the agents it is attached to. */
public record BlockUpdated(
    String eventId, String blockId, String label, List<String> agentIds, String updatedBy, Instant updatedAt)
    implements MemoryEvent {
}
