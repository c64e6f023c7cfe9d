package dev.engram.contracts.events;

import java.time.Instant;

/**
 * A client asked to cancel a run of the agent. A queued run ends without starting; an active run stops at the
 * next point where nothing is half done (an in-flight model call is abandoned, tool calls already dispatched
 * are committed with their returns first) and ends with stop reason {@code cancelled}. {@code runId} null means
 * every queued and active run of the agent.
 */
public record RunCancellationRequested(String eventId, String agentId, String runId, Instant requestedAt)
    implements AgentInboxEvent {
}
