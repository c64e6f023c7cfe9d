package dev.engram.contracts.events;

import dev.engram.contracts.api.AgentSnapshot;
import dev.engram.contracts.api.InputMessage;
import java.time.Instant;
import java.util.List;

/** A client sent messages to an agent; the run {@code runId} must process them, after any earlier run. */
public record MessageReceived(
    String eventId,
    String agentId,
    String runId,
    AgentSnapshot agent,
    List<InputMessage> messages,
    int maxSteps,
    Instant receivedAt) implements AgentInboxEvent {
}
