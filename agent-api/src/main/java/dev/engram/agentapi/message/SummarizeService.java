package dev.engram.agentapi.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agentapi.AgentApiConfig;
import dev.engram.agentapi.agent.CompactionSettingsRules;
import dev.engram.agentapi.client.StepRunnerClient;
import dev.engram.agentapi.run.RunOutcome;
import dev.engram.agentapi.run.RunService;
import dev.engram.agentapi.run.RunWaiters;
import dev.engram.contracts.Ids;
import dev.engram.contracts.RunStatus;
import dev.engram.contracts.api.CompactionSettings;
import dev.engram.platform.rest.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.MDC;

/**
 * Client-requested compaction of an agent's context window (Letta's {@code POST /v1/agents/{id}/summarize}).
 * It is queued behind the agent's runs as a {@code MessageReceived} with operation {@code compact}, so it never
 * races a turn; this virtual thread waits for that run's end like a sync send, then reads what step-runner
 * recorded. The run exists only for that machinery and is marked {@code run_type: compaction}.
 */
@ApplicationScoped
public class SummarizeService {
  /** Letta's answer when the compaction left as many messages as before. */
  static final String NOT_REDUCED = "Summarization failed to reduce the number of messages. You may not have "
      + "enough messages to compact or need to use a different CompactionSettings (e.g. using `all` mode).";
  /** step-runner's error type of a compaction that found nothing but the system prompt to keep. */
  static final String NOTHING_TO_COMPACT = "nothing_to_compact";

  private final RunService runs;
  private final RunWaiters waiters;
  private final StepRunnerClient stepRunner;
  private final AgentApiConfig config;
  private final MeterRegistry meters;

  SummarizeService(RunService runs, RunWaiters waiters, StepRunnerClient stepRunner, AgentApiConfig config,
      MeterRegistry meters) {
    this.runs = runs;
    this.waiters = waiters;
    this.stepRunner = stepRunner;
    this.config = config;
    this.meters = meters;
  }

  /** Compacts the agent's context window now (after any queued runs) and answers what it did. */
  public CompactionResponse summarize(String agentId, CompactionSettings override) {
    return summarize(agentId, null, override);
  }

  /** As {@link #summarize(String, CompactionSettings)} for the agent's conversation {@code conversationId} (null: default). */
  public CompactionResponse summarize(String agentId, String conversationId, CompactionSettings override) {
    CompactionSettings settings = CompactionSettingsRules.validate(override, "compaction_settings");
    String runId = Ids.newId(Ids.RUN);
    Timer.Sample sample = Timer.start(meters);
    // Registered before the run exists, so a compaction that ends before the commit returns is not missed.
    CompletableFuture<RunOutcome> waiter = waiters.register(runId);
    try {
      runs.acceptCompaction(agentId, conversationId, runId, settings);
    } catch (RuntimeException e) {
      waiters.unregister(runId, waiter);
      throw e;
    }
    MDC.put("agent_id", agentId);
    MDC.put("run_id", runId);
    try {
      Optional<RunOutcome> outcome = waiters.await(runId, waiter, config.syncResponseTimeout(),
          config.syncPollInterval(), () -> runs.outcome(runId));
      sample.stop(meters.timer("engram.agent_api.summarize", "outcome",
          outcome.map(o -> o.status().wire()).orElse("timeout")));
      RunOutcome ended = outcome.orElseThrow(() -> new ApiException(504, "The compaction of agent " + agentId
          + " (run " + runId + ") is still running; its result will be in the agent's context window"));
      runs.settle(ended);
      if (ended.status() != RunStatus.COMPLETED) {
        throw failure(ended);
      }
      return response(agentId, runId);
    } finally {
      MDC.remove("agent_id");
      MDC.remove("run_id");
    }
  }

  private CompactionResponse response(String agentId, String runId) {
    JsonNode c;
    try {
      c = stepRunner.compaction(agentId, runId);
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw new ApiException(502, "step-runner ended the compaction run " + runId + " without recording it");
      }
      throw e;
    }
    CompactionResponse response = new CompactionResponse(c.path("summary").asText(""),
        c.path("num_messages_before").asInt(), c.path("num_messages_after").asInt());
    if (response.numMessagesBefore() <= response.numMessagesAfter()) {
      throw ApiException.badRequest(NOT_REDUCED);
    }
    return response;
  }

  /** A failed compaction run as a client error with the run's own explanation, never a bare 500. */
  private static ApiException failure(RunOutcome outcome) {
    String type = outcome.errorType() == null ? "" : outcome.errorType();
    String message = outcome.errorMessage() == null ? "The compaction run " + outcome.runId() + " ended "
        + outcome.status().wire() + " (" + outcome.stopReason().wire() + ")" : outcome.errorMessage();
    return switch (type) {
      case NOTHING_TO_COMPACT -> ApiException.badRequest(NOT_REDUCED + " " + message);
      case "summarization_timeout" -> new ApiException(504, message);
      case "summarization_failed", "context_window_exceeded" -> new ApiException(502, message);
      default -> new ApiException(500, "The compaction run " + outcome.runId() + " failed: " + message);
    };
  }
}
