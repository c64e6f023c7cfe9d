package dev.engram.summarizer.summary;

import dev.engram.contracts.Ids;
import dev.engram.contracts.events.ContextWindowOverflowed;
import dev.engram.contracts.events.ContextWindowOverflowed.TranscriptLine;
import dev.engram.contracts.events.ConversationSummarized;
import dev.engram.contracts.events.SummarizationFailed;
import dev.engram.platform.messaging.ProcessedEvents;
import dev.engram.platform.outbox.Outbox;
import dev.engram.summarizer.persistence.SummaryJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Records the answer to an overflow and publishes it in one transaction, once per request event. */
@ApplicationScoped
public class SummaryJobService {
  /** Consumer name under which request event ids are recorded in {@code processed_events}. */
  static final String CONSUMER = "summarizer";

  private final SummaryJobRepository jobs;
  private final ProcessedEvents processed;
  private final Outbox outbox;

  SummaryJobService(SummaryJobRepository jobs, ProcessedEvents processed, Outbox outbox) {
    this.jobs = jobs;
    this.processed = processed;
    this.outbox = outbox;
  }

  /** Whether the request has been answered already (a redelivery). */
  public boolean answered(String requestEventId) {
    return jobs.exists(requestEventId);
  }

  /**
   * Records {@code outcome} and publishes {@code ConversationSummarized} or {@code SummarizationFailed};
   * false (and nothing published) if the request was answered already.
   */
  @Transactional
  public boolean record(ContextWindowOverflowed request, SummaryOutcome outcome) {
    if (!processed.firstDelivery(CONSUMER, request.eventId())) {
      return false;
    }
    switch (outcome) {
      case SummaryOutcome.Summary summary -> {
        jobs.insert(request.eventId(), request.agentId(), request.runId(), SummaryJobRepository.SUMMARIZED,
            summary.text(), null);
        List<String> evictedIds = request.evicted().stream().map(TranscriptLine::messageId).toList();
        outbox.publish(new ConversationSummarized(Ids.newId(Ids.EVENT), request.agentId(), request.runId(),
            request.eventId(), summary.text(), evictedIds, Instant.now()));
      }
      case SummaryOutcome.Failure failure -> {
        jobs.insert(request.eventId(), request.agentId(), request.runId(), SummaryJobRepository.FAILED, null,
            failure.error());
        outbox.publish(new SummarizationFailed(Ids.newId(Ids.EVENT), request.agentId(), request.runId(),
            request.eventId(), failure.error(), Instant.now()));
      }
    }
    return true;
  }
}
