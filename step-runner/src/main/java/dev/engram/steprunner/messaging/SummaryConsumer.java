package dev.engram.steprunner.messaging;

import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.SummaryEvent;
import dev.engram.steprunner.context.CompactionService;
import dev.engram.steprunner.context.SummaryWaiters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Records the summarizer's answers and wakes the compaction waiting for them. */
@ApplicationScoped
public class SummaryConsumer {
  private final CompactionService compactions;
  private final SummaryWaiters waiters;

  SummaryConsumer(CompactionService compactions, SummaryWaiters waiters) {
    this.compactions = compactions;
    this.waiters = waiters;
  }

  @Incoming("summaries")
  @Blocking(ordered = false)
  public void consume(String payload) {
    SummaryEvent event = EventTopics.parse(payload, SummaryEvent.class);
    compactions.recordAnswer(event);
    waiters.complete(event.requestEventId());
  }
}
