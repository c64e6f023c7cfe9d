package dev.engram.memory.messaging;

import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageEvent;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.memory.recall.RecallService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/** Feeds the recall index from {@code engram.messages.v1}; poison records go to the topic's DLQ. */
@ApplicationScoped
public class MessagesConsumer {
  private final RecallService recall;

  MessagesConsumer(RecallService recall) {
    this.recall = recall;
  }

  /** Applies one record of the topic. */
  @Incoming("messages")
  @Blocking(ordered = true)
  public void consume(String payload) {
    MessageEvent event = EventTopics.parse(payload, MessageEvent.class);
    MDC.put("agent_id", event.agentId());
    try {
      switch (event) {
        case MessagesPersisted persisted -> recall.index(persisted);
      }
    } finally {
      MDC.remove("agent_id");
    }
  }
}
