package dev.engram.contracts.events;

import dev.engram.contracts.Json;
import dev.engram.contracts.Topics;

/** Maps each event family to its topic and parses records of a topic back into events. */
public final class EventTopics {

  /** The topic an event is published on. */
  public static String topicOf(DomainEvent event) {
    return switch (event) {
      case AgentInboxEvent e -> Topics.AGENT_INBOX;
      case RunEvent e -> Topics.RUN_EVENTS;
      case ToolCallEvent e -> Topics.TOOL_CALLS;
      case ToolResultEvent e -> Topics.TOOL_RESULTS;
      case ContextEvent e -> Topics.CONTEXT;
      case SummaryEvent e -> Topics.SUMMARIES;
      case MessageEvent e -> Topics.MESSAGES;
      case MemoryEvent e -> Topics.MEMORY;
    };
  }

  /** The sealed event family carried by {@code topic}. */
  public static Class<? extends DomainEvent> familyOf(String topic) {
    return switch (topic) {
      case Topics.AGENT_INBOX -> AgentInboxEvent.class;
      case Topics.RUN_EVENTS -> RunEvent.class;
      case Topics.TOOL_CALLS -> ToolCallEvent.class;
      case Topics.TOOL_RESULTS -> ToolResultEvent.class;
      case Topics.CONTEXT -> ContextEvent.class;
      case Topics.SUMMARIES -> SummaryEvent.class;
      case Topics.MESSAGES -> MessageEvent.class;
      case Topics.MEMORY -> MemoryEvent.class;
      default -> throw new IllegalArgumentException("No event family on topic " + topic);
    };
  }

  /** Parses a record value of {@code family}'s topic. */
  public static <T extends DomainEvent> T parse(String json, Class<T> family) {
    return Json.read(json, family);
  }

  private EventTopics() {
  }
}
