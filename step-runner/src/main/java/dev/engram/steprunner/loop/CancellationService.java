package dev.engram.steprunner.loop;

import dev.engram.contracts.StopReason;
import dev.engram.contracts.events.RunCancellationRequested;
import dev.engram.platform.messaging.ProcessedEvents;
import dev.engram.steprunner.persistence.CancellationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** The transaction of a cancellation request: queued runs end here, running ones are flagged for their worker. */
@ApplicationScoped
public class CancellationService {
  private final CancellationRepository cancellations;
  private final ProcessedEvents processed;
  private final RunService runs;

  CancellationService(CancellationRepository cancellations, ProcessedEvents processed, RunService runs) {
    this.cancellations = cancellations;
    this.processed = processed;
    this.runs = runs;
  }

  /**
   * Ends the matching queued runs with stop reason cancelled (RunCompleted, nothing stored) and flags the
   * matching running ones; returns the flagged runs. A finished or unknown run matches nothing, and a
   * redelivered request changes nothing.
   */
  @Transactional
  public List<String> cancel(RunCancellationRequested request) {
    if (!processed.firstDelivery(RunService.INBOX_CONSUMER, request.eventId())) {
      return List.of();
    }
    for (String runId : cancellations.endQueued(request.agentId(), request.runId())) {
      runs.finishRun(request.agentId(), runId, StopReason.CANCELLED, null, null);
    }
    return cancellations.flagRunning(request.agentId(), request.runId());
  }
}
