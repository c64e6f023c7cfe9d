package dev.engram.contracts.events;

/** Common shape of every event: a unique id (for idempotent consumers) and the record key. */
public sealed interface DomainEvent
    permits AgentInboxEvent, RunEvent, ToolCallEvent, ToolResultEvent, ContextEvent, SummaryEvent, MessageEvent,
    MemoryEvent {
  /** Unique id; consumers record it to process each event once. */
  String eventId();

  /** The Kafka record key (agent id unless the topic says otherwise). */
  String key();
}
