package dev.engram.memory.messaging;

import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageEvent;
import dev.engram.contracts.events.MessagesPersisted;
import dev.engram.memory.recall.RecallEmbeddingWorker;
import dev.engram.memory.recall.RecallService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/** Feeds the recall index from {@code engram.messages.v1}; poison records go to the topic's DLQ. */
@ApplicationScoped
public class MessagesConsumer {
  private final RecallService recall;
  private final RecallEmbeddingWorker embedder;

  MessagesConsumer(RecallService recall, RecallEmbeddingWorker embedder) {
    this.recall = recall;
    this.embedder = embedder;
  }

  /** Applies one record of the topic. */
  @Incoming("messages")
  @Blocking(ordered = true)
  public void consume(String payload) {
    MessageEvent event = EventTopics.parse(payload, MessageEvent.class);
    MDC.put("agent_id", event.agentId());
    try {
      switch (event) {
        case MessagesPersisted persisted -> {
          // After the commit, so the worker finds the rows; embedding never runs on this thread.
          if (recall.index(persisted) > 0) {
            embedder.wake();
          }
        }
      }
    } finally {
      MDC.remove("agent_id");
    }
  }
}
