package dev.engram.toolexecutor.messaging;

import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.ToolCallEvent;
import dev.engram.contracts.events.ToolCallRequested;
import dev.engram.toolexecutor.execution.ToolCallHandler;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Consumes step-runner's tool call requests. Each record gets its own virtual thread, so a slow
 * tool never holds up other calls on the partition (their relative order does not matter).
 */
@ApplicationScoped
public class ToolCallConsumer {
  private final ToolCallHandler handler;

  ToolCallConsumer(ToolCallHandler handler) {
    this.handler = handler;
  }

  @Incoming("tool-calls")
  @RunOnVirtualThread
  public void consume(String payload) {
    ToolCallEvent event = EventTopics.parse(payload, ToolCallEvent.class);
    MDC.put("agent_id", event.agentId());
    try {
      switch (event) {
        case ToolCallRequested requested -> {
          MDC.put("run_id", requested.runId() == null ? "" : requested.runId());
          handler.handle(requested);
        }
      }
    } finally {
      MDC.remove("agent_id");
      MDC.remove("run_id");
    }
  }
}
