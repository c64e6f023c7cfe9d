package dev.engram.steprunner.messaging;

import dev.engram.contracts.api.ToolExecutionResult;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.ToolResultEvent;
import dev.engram.steprunner.loop.RunService;
import dev.engram.steprunner.tool.ToolResultWaiters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records tool-executor results and wakes the step waiting for them. */
@ApplicationScoped
public class ToolResultConsumer {
  private final RunService runs;
  private final ToolResultWaiters waiters;

  ToolResultConsumer(RunService runs, ToolResultWaiters waiters) {
    this.runs = runs;
    this.waiters = waiters;
  }

  @Incoming("tool-results")
  @Blocking(ordered = false)
  public void consume(String payload) {
    ToolResultEvent event = EventTopics.parse(payload, ToolResultEvent.class);
    ToolExecutionResult result = runs.recordToolResult(event);
    waiters.complete(event.idempotencyKey(), result);
  }
}
