package dev.engram.summarizer.messaging;

import dev.engram.contracts.events.ContextEvent;
import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.EventTopics;
import dev.engram.summarizer.summary.Summarizer;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Consumes step-runner's context overflows. Each record gets its own virtual thread, so one
 * agent's slow model call never delays another agent's summary.
 */
@ApplicationScoped
public class ContextConsumer {
  private final Summarizer summarizer;

  ContextConsumer(Summarizer summarizer) {
    this.summarizer = summarizer;
  }

  @Incoming("context")
  @RunOnVirtualThread
  public void consume(String payload) {
    ContextEvent event = EventTopics.parse(payload, ContextEvent.class);
    MDC.put("agent_id", event.agentId());
    try {
      switch (event) {
        case ContextWindowOverflowed overflowed -> {
          MDC.put("run_id", overflowed.runId() == null ? "" : overflowed.runId());
          summarizer.handle(overflowed);
        }
      }
    } finally {
      MDC.remove("agent_id");
      MDC.remove("run_id");
    }
  }
}
