package dev.engram.agentapi.messaging;

import dev.engram.agentapi.run.RunOutcome;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.RunWaiters;
import dev.engram.agentapi.step.StepRepository;
import dev.engram.agentapi.stream.StreamHub;
import dev.engram.contracts.events.EventTopics;
import dev.engram.contracts.events.RunCompleted;
import dev.engram.contracts.events.RunEvent;
import dev.engram.contracts.events.RunFailed;
import dev.engram.contracts.events.StepCompleted;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Keeps the runs read model current (consumer group {@code agent-api}: each event once per
 * deployment, in partition order). After a run ends it also wakes this instance's waiters at once.
 */
@ApplicationScoped
public class RunEventsConsumer {
  private final RunService runs;
  private final RunWaiters waiters;
  private final StepRepository steps;
  private final StreamHub streams;

  RunEventsConsumer(RunService runs, RunWaiters waiters, StepRepository steps, StreamHub streams) {
    this.streams = streams;
    this.runs = runs;
    this.waiters = waiters;
    this.steps = steps;
  }

  /**
   * Applies one event. A failing transaction (e.g. a database fail-over) is retried before the
   * record is dead-lettered, so a run does not stay "running" in the read model for a transient
   * error; an unparseable record goes to the dead-letter topic at once.
   */
  @Incoming("run-events")
  @Blocking(ordered = true)
  @Retry(maxRetries = 5, delay = 200, delayUnit = ChronoUnit.MILLIS, abortOn = UncheckedIOException.class)
  public void consume(String payload) {
    RunEvent event = EventTopics.parse(payload, RunEvent.class);
    MDC.put("agent_id", event.agentId());
    MDC.put("run_id", event.runId());
    try {
      // The steps read model is idempotent by step id. A run's last step may come inside its end event rather than
      // on its own.
      StepCompleted step = switch (event) {
        case StepCompleted s -> s;
        case RunCompleted c -> c.lastStep();
        case RunFailed f -> f.lastStep();
        default -> null;
      };
      if (step != null) {
        steps.record(step);
      }
      Optional<RunOutcome> ended = runs.apply(event);
      streams.onStored(event.runId());
      ended.ifPresent(waiters::complete);
    } finally {
      MDC.remove("agent_id");
      MDC.remove("run_id");
    }
  }
}
