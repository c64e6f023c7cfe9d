package dev.engram.agentapi.messaging;

import dev.engram.agentapi.run.RunOutcome;
import dev.engram.agentapi.run.RunWaiters;
import dev.engram.agentapi.stream.StreamHub;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.MessageChunk;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.RunStarted;
import dev.engram.contracts.events.StepCompleted;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Wakes the sync requests waiting on this instance (a consumer group of its own, so every instance
 * sees every run's end, whichever instance's read-model consumer owns the partition). It only
 * completes in-memory futures and wakes this instance's open streams (ADR 0008), so it runs on the Kafka polling thread without blocking it.
 */
@ApplicationScoped
public class RunEventsNotifyConsumer {
  private final RunWaiters waiters;
  private final StreamHub streams;

  RunEventsNotifyConsumer(RunWaiters waiters, StreamHub streams) {
    this.waiters = waiters;
    this.streams = streams;
  }

  @Incoming("run-events-notify")
  @NonBlocking
  public void consume(String payload) {
    if (waiters.isEmpty() && streams.isEmpty()) {
      return;
    }
    RunEvent event = EventTopics.parse(payload, RunEvent.class);
    streams.onEvent(event);
    switch (event) {
      case RunCompleted completed -> waiters.complete(RunOutcome.of(completed));
      case RunFailed failed -> waiters.complete(RunOutcome.of(failed));
      case RunStarted ignored -> {
      }
      case StepCompleted ignored -> {
      }
      case MessageChunk ignored -> {
      }
    }
  }
}
