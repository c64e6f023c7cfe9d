package dev.engram.steprunner.messaging;

import dev.engram.contracts.events.AgentDeleted;
import dev.engram.contracts.events.AgentInboxEvent;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageReceived;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.steprunner.context.ContextWindows;
import dev.engram.steprunner.loop.AgentScheduler;
import dev.engram.steprunner.loop.RunCancellations;
import dev.engram.steprunner.loop.RunService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes agent-api's inbox. It only queues work (a quick insert), so the partition never waits
 * for a model call; per-agent workers do the runs.
 */
@ApplicationScoped
public class AgentInboxConsumer {
  private final RunService runs;
  private final AgentScheduler scheduler;
  private final ContextWindows windows;
  private final RunCancellations cancellations;

  AgentInboxConsumer(RunService runs, AgentScheduler scheduler, ContextWindows windows,
      RunCancellations cancellations) {
    this.cancellations = cancellations;
    this.runs = runs;
    this.scheduler = scheduler;
    this.windows = windows;
  }

  @Incoming("agent-inbox")
  @Blocking(ordered = true)
  public void consume(String payload) {
    AgentInboxEvent event = EventTopics.parse(payload, AgentInboxEvent.class);
    switch (event) {
      case MessageReceived received -> {
        // The record's value is the event's JSON as agent-api's outbox wrote it: queued as is, not written again.
        runs.enqueue(received, payload);
        scheduler.signal(received.agentId());
      }
      case AgentDeleted deleted -> {
        runs.deleteAgent(deleted);
        windows.invalidate(deleted.agentId());
      }
      case RunCancellationRequested cancellation -> cancellations.request(cancellation);
    }
  }
}
